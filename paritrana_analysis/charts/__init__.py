"""Press charts: one house style, the standard chart set, and a reproducible export."""
