"""Build of zopa's compiled kernels (everything else is declared in pyproject.toml).

The kernels are C extensions written in Cython. Each stands for numpy code of the package and
gives the same numbers; where one is not built (no C compiler), that numpy code runs instead
(``zopa.kernels.compiled``). ``-ffp-contract=off`` keeps every product and sum rounded on its
own, as numpy rounds them.
"""

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup

KERNELS = [
    "zopa.forecast.models.smp._kernels",
    "zopa.forecast.models.smp._batch",
    "zopa.forecast.models._challenge_kernels",
    "zopa.forecast.models._nash_kernels",
]


def kernels() -> list[Extension]:
    """The kernels' extensions; a kernel that does not compile is left out, not an error."""
    sources = [
        Extension(
            name,
            [f"src/{name.replace('.', '/')}.pyx"],
            extra_compile_args=["-O3", "-ffp-contract=off"],
            include_dirs=[numpy.get_include()],
        )
        for name in KERNELS
    ]
    built = cythonize(sources, compiler_directives={"language_level": "3"})
    for extension in built:
        extension.optional = True  # cythonize does not carry this over
    return list(built)


setup(ext_modules=kernels())
