"""Drawing: layer payloads, scales, legend and panels, and one module per map kind."""
