// Arguments of stylemix.Model's calls: Python values converted to the engine's
// types and checked, with ValueError (bad values: shapes, ranges, counts) or
// TypeError (wrong kinds of values) naming the argument; and results back to
// NumPy arrays. Call with the GIL held.
#pragma once

#include "app/python/session.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace py = pybind11;

namespace stylemix::python {

// A float32 array in C order, converted from what NumPy takes as numbers.
using FloatInput = py::array_t<float, py::array::c_style | py::array::forcecast>;

// An array's shape as "[2, 3]", for messages.
std::string shapeText(const py::array& a);

// Seeds: an int, a spec string like the CLI's ("0-7,42"), or a sequence of ints;
// 0 <= seed <= 4294967295 (NumPy's RandomState seeds). `what` names the argument.
std::vector<std::uint64_t> seedsArg(py::handle obj, const std::string& what);

// A float array as float32, C order; TypeError for what is not numbers.
FloatInput floatArray(py::handle h, const std::string& what);

// Checks a ws array's trailing [num_ws, w_dim] against the model's
// (ndim >= 2); `expected` is the full shape the messages quote.
void checkWsShape(const py::array& a, const std::string& what, const ModelFacts& f, const std::string& expected);

// The array's values; ValueError when one is NaN or infinite.
std::vector<float> finiteValues(const FloatInput& a, const std::string& what);

// Mix rows / columns: a seed spec string, an int, a [N, num_ws, w_dim] array
// (N ws sources), one [num_ws, w_dim] array, or a sequence of seeds and ws arrays.
// The seeds' class is left for the caller to set.
std::vector<MixSource> mixSourcesArg(py::handle obj, const std::string& what, const ModelFacts& f);

// ws indices: a spec string ("0-3"), an int, or a sequence of ints (a range); at most 4096.
std::vector<int> stylesArg(py::handle obj, const std::string& what, const ModelFacts& f);

// classes=: None, one int for every seed, or (per_seed) one per seed; n values,
// -1 each for an unconditional model.
std::vector<int> classesArg(py::handle obj, size_t n, const ModelFacts& f, bool per_seed);

// psi and cutoff= (None or 0..num_ws). psi is checked by the Session.
Truncation truncationArg(double psi, py::handle cutoff, const ModelFacts& f);

// noise_mode=, noise_seed= and noise_strength= (None, one number, or one per noise layer).
NoiseSpec noiseArg(const std::string& mode, py::handle seed, py::handle strength, const ModelFacts& f);

// Results as NumPy arrays (copies; uint8 and float32).
py::array toNumpy(ByteArray&& a);
py::array toNumpy(FloatArray&& a);

}  // namespace stylemix::python
