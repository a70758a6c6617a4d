"""paritrana-analysis: workers' social security coverage (UCJ) in Indonesia.

Loaders turn real-world workbooks into canonical tidy tables; analysis functions answer
the questions analysts ask; chart functions draw them in one press-ready house style.
"""

from paritrana_analysis.validate import DataError, Problem

__all__ = ["DataError", "Problem"]
__version__ = "0.1.0"
