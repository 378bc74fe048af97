"""Many councils: the CSV profile format, compare over time, benchmark against a cohort, batch runs,
and their terminal heatmap (their charts are drawn by render/charts.py)."""
