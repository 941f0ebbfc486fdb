"""Build of zopa's compiled kernels (everything else is declared in pyproject.toml).

The kernels are C extensions written in Cython. Each stands for numpy code of the package and
gives the same numbers; where one is not built (no C compiler), that numpy code runs instead
(``zopa.kernels.compiled``). ``-ffp-contract=off`` keeps every product and sum rounded on its
own, as numpy rounds them.
"""

from Cython.Build import cythonize
from setuptools import Extension, setup

KERNELS = ["zopa.forecast.models.smp._kernels"]

setup(
    ext_modules=cythonize(
        [
            Extension(
                name,
                [f"src/{name.replace('.', '/')}.pyx"],
                extra_compile_args=["-O3", "-ffp-contract=off"],
                optional=True,
            )
            for name in KERNELS
        ],
        compiler_directives={"language_level": "3"},
    )
)
