package playground

// MetricsMeter is the mode-collapse meter of the page. It is nil until the
// engine's metrics package can be wired in: the panel then says there is no
// meter.
var MetricsMeter Meter
