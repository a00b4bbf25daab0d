def render_provinces(spec, data, options):
    raise NotImplementedError
