"""Builds seedkit's Python module with pybind11 (Debian: python3-pybind11).

    pip install --no-build-isolation ./python

The C++ headers are the repository's include/ (next to this folder), or
SEEDKIT_INCLUDE_DIR when the folder was copied elsewhere.
"""
import os

from pybind11.setup_helpers import Pybind11Extension
from setuptools import setup

here = os.path.dirname(os.path.abspath(__file__))
include = os.environ.get("SEEDKIT_INCLUDE_DIR", os.path.join(here, "..", "include"))
if not os.path.isfile(os.path.join(include, "seedkit", "seedkit.hpp")):
    raise SystemExit(f"seedkit's headers are not in {include}: set SEEDKIT_INCLUDE_DIR to "
                     "the folder that holds seedkit/seedkit.hpp")

setup(
    name="seedkit",
    version="0.1.0",
    description="The same named random streams as the seedkit C++ library, bit for bit",
    packages=["seedkit"],
    package_data={"seedkit": ["py.typed", "*.pyi"]},
    ext_modules=[
        Pybind11Extension("seedkit._seedkit", ["src/module.cpp"], include_dirs=[include],
                          cxx_std=17, extra_compile_args=["-O2"]),
    ],
    install_requires=["numpy"],
    zip_safe=False,
)
