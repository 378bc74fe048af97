"""Many councils: the CSV profile format, compare over time, benchmark against a cohort, batch runs,
and their charts and terminal heatmap."""
