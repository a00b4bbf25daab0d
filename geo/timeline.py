def render_timeline(spec, data, options):
    raise NotImplementedError
