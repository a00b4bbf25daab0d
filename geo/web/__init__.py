"""The web page: page shell, runtime and Leaflet assets, CSP, index, PNG export, publishing."""
