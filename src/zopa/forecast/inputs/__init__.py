"""Where forecast actors come from: scenarios, actor tables and KTAB's CSV and XML inputs.

:func:`~zopa.forecast.inputs.sources.load_source` reads any of them into a
:class:`~zopa.forecast.inputs.forecast_input.ForecastInput`.
"""
