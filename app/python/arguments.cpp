#include "app/python/arguments.h"

#include "app/python/py_errors.h"

#include "model/core/seed_spec.h"

#include <pybind11/stl.h>

#include <climits>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace stylemix::python {
namespace {

constexpr std::uint64_t kMaxSeed = 4294967295ull;   // NumPy's RandomState seeds

// Python ints and NumPy integer scalars, not bools.
bool isInteger(py::handle h) {
    if (PyBool_Check(h.ptr())) return false;
    if (PyLong_Check(h.ptr())) return true;
    if (py::isinstance<py::array>(h)) {
        const auto a = py::reinterpret_borrow<py::array>(h);
        return a.ndim() == 0 && (a.dtype().kind() == 'i' || a.dtype().kind() == 'u');
    }
    // Handles kept for the process's life: a static py::object would be released after Python has shut down.
    static const py::handle np_integer = py::object(py::module_::import("numpy").attr("integer")).release();
    return PyObject_IsInstance(h.ptr(), np_integer.ptr()) == 1;
}

// An integer in [lo, hi]; ValueError "<what> <value> is out of range (expected <lo>..<hi><extra>)" otherwise.
long long intIn(py::handle h, const std::string& what, long long lo, long long hi, const std::string& extra = "") {
    if (!isInteger(h)) typeError(what + ": expected an integer, got " + typeName(h));
    const py::int_ v = py::reinterpret_steal<py::int_>(PyNumber_Index(h.ptr()));
    if (!v) throw py::error_already_set();
    int overflow = 0;
    const long long x = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
    if (overflow != 0 || x < lo || x > hi)
        valueError(what + " " + std::string(py::repr(v)) + " is out of range (expected " + std::to_string(lo) + ".." +
                   std::to_string(hi) + extra + ")");
    return x;
}

// A seed: 0..4294967295.
std::uint64_t seedArg(py::handle h, const std::string& what) {
    return static_cast<std::uint64_t>(intIn(h, what, 0, static_cast<long long>(kMaxSeed), ", NumPy RandomState seeds"));
}

std::string expectedWs(const ModelFacts& f) { return "[" + std::to_string(f.num_ws) + ", " + std::to_string(f.w_dim) + "]"; }

// One ws array [num_ws, w_dim].
std::vector<float> wsItem(py::handle h, const std::string& what, const ModelFacts& f) {
    const auto a = floatArray(h, what);
    if (a.ndim() == 0) typeError(what + ": expected a seed (int) or a ws array " + expectedWs(f) + ", got " + typeName(h));
    if (a.ndim() != 2)
        valueError(what + ": a ws array must have shape [num_ws, w_dim] = " + expectedWs(f) + ", got " + shapeText(a));
    checkWsShape(a, what, f, expectedWs(f));
    return finiteValues(a, what);
}

MixSource seedSource(std::uint64_t seed) {
    MixSource s;
    s.seed.seed = seed;
    return s;
}

}  // namespace

std::string shapeText(const py::array& a) {
    std::string s = "[";
    for (py::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
    return s + "]";
}

std::vector<std::uint64_t> seedsArg(py::handle obj, const std::string& what) {
    std::vector<std::uint64_t> seeds;
    if (py::isinstance<py::str>(obj)) {
        try {
            return parseSpec(obj.cast<std::string>(), what, kMaxSeed);
        } catch (const std::runtime_error& e) {
            valueError(e.what());
        }
    }
    if (isInteger(obj)) return {seedArg(obj, what)};
    if (py::isinstance<py::array>(obj)) {
        const auto a = py::reinterpret_borrow<py::array>(obj);
        if (a.ndim() != 1 || (a.dtype().kind() != 'i' && a.dtype().kind() != 'u'))
            typeError(what + ": expected seeds (an int, a sequence of ints or a spec like \"0-7\"), got an array of shape " +
                      shapeText(a) + " and dtype " + std::string(py::str(a.dtype())));
    }
    if (!py::isinstance<py::iterable>(obj))
        typeError(what + ": expected seeds (an int, a sequence of ints or a spec like \"0-7\"), got " + typeName(obj));
    size_t i = 0;
    for (py::handle item : obj) {
        const std::string at = what + "[" + std::to_string(i++) + "]";
        if (!isInteger(item)) typeError(at + ": expected an integer seed, got " + typeName(item));
        seeds.push_back(seedArg(item, at));
    }
    if (seeds.empty()) valueError(what + ": no seeds given");
    return seeds;
}

FloatInput floatArray(py::handle h, const std::string& what) {
    static const py::handle asarray = py::object(py::module_::import("numpy").attr("asarray")).release();
    py::array a;
    try {
        a = asarray(h);
    } catch (const py::error_already_set&) {
        typeError(what + ": expected a float array, got " + typeName(h));
    }
    const char kind = a.dtype().kind();
    if (kind != 'f' && kind != 'i' && kind != 'u')
        typeError(what + ": expected a float array, got " + typeName(h) + " of dtype " + std::string(py::str(a.dtype())));
    return py::array_t<float, py::array::c_style | py::array::forcecast>(a);
}

void checkWsShape(const py::array& a, const std::string& what, const ModelFacts& f, const std::string& expected) {
    const auto nd = a.ndim();
    if (a.shape(nd - 1) != f.w_dim)
        valueError(what + ": w_dim " + std::to_string(a.shape(nd - 1)) + " does not match the model's w_dim " +
                   std::to_string(f.w_dim) + " (shape " + shapeText(a) + ", expected " + expected + ")");
    if (a.shape(nd - 2) != f.num_ws)
        valueError(what + ": " + std::to_string(a.shape(nd - 2)) + " ws given, the model has num_ws " +
                   std::to_string(f.num_ws) + " (shape " + shapeText(a) + ", expected " + expected + ")");
}

std::vector<float> finiteValues(const FloatInput& a, const std::string& what) {
    const float* p = a.data();
    std::vector<float> v(p, p + a.size());
    for (float x : v)
        if (!std::isfinite(x)) valueError(what + ": the ws contain NaN or infinity");
    return v;
}

std::vector<MixSource> mixSourcesArg(py::handle obj, const std::string& what, const ModelFacts& f) {
    std::vector<MixSource> out;
    if (py::isinstance<py::str>(obj) || isInteger(obj)) {
        for (auto seed : seedsArg(obj, what)) out.push_back(seedSource(seed));
        return out;
    }
    if (py::isinstance<py::array>(obj)) {
        const auto a = py::reinterpret_borrow<py::array>(obj);
        const char kind = a.dtype().kind();
        if ((kind == 'i' || kind == 'u') && a.ndim() == 1) {
            for (auto seed : seedsArg(obj, what)) out.push_back(seedSource(seed));
            return out;
        }
        if (a.ndim() == 3) {
            const auto fa = floatArray(obj, what);
            checkWsShape(fa, what, f, "[N, " + std::to_string(f.num_ws) + ", " + std::to_string(f.w_dim) + "]");
            const std::vector<float> all = finiteValues(fa, what);
            const size_t per = static_cast<size_t>(f.num_ws) * f.w_dim;
            for (py::ssize_t i = 0; i < fa.shape(0); ++i) {
                MixSource s;
                s.is_ws = true;
                s.ws.assign(all.begin() + static_cast<long>(i * per), all.begin() + static_cast<long>((i + 1) * per));
                out.push_back(std::move(s));
            }
        } else {
            MixSource s;
            s.is_ws = true;
            s.ws = wsItem(obj, what, f);
            out.push_back(std::move(s));
        }
        if (out.empty()) valueError(what + ": no sources given");
        return out;
    }
    if (!py::isinstance<py::iterable>(obj))
        typeError(what + ": expected seeds and ws arrays, got " + typeName(obj));
    size_t i = 0;
    for (py::handle item : obj) {
        const std::string at = what + "[" + std::to_string(i++) + "]";
        if (isInteger(item)) {
            out.push_back(seedSource(seedArg(item, at)));
        } else if (py::isinstance<py::str>(item) || PyBool_Check(item.ptr())) {
            typeError(at + ": expected a seed (int) or a ws array " + expectedWs(f) + ", got " + typeName(item));
        } else {
            MixSource s;
            s.is_ws = true;
            s.ws = wsItem(item, at, f);
            out.push_back(std::move(s));
        }
    }
    if (out.empty()) valueError(what + ": no sources given");
    return out;
}

std::vector<int> stylesArg(py::handle obj, const std::string& what, const ModelFacts& f) {
    const int n = f.num_ws;
    const std::string range = "the model has " + std::to_string(n) + " ws: 0-" + std::to_string(n - 1);
    std::vector<int> out;
    auto add = [&](py::handle h, const std::string& at) {
        if (!isInteger(h)) typeError(at + ": expected a ws index (int), got " + typeName(h));
        const py::int_ v = py::reinterpret_steal<py::int_>(PyNumber_Index(h.ptr()));
        int overflow = 0;
        const long long x = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
        if (overflow != 0 || x < 0 || x >= n)
            valueError(at + ": style index " + std::string(py::repr(v)) + " is out of range (" + range + ")");
        out.push_back(static_cast<int>(x));
    };
    if (py::isinstance<py::str>(obj)) {
        try {
            for (auto v : parseSpec(obj.cast<std::string>(), what, static_cast<std::uint64_t>(n - 1), 4096))
                out.push_back(static_cast<int>(v));
        } catch (const std::runtime_error& e) {
            valueError(e.what() + std::string(" (") + range + ")");
        }
        return out;
    }
    if (isInteger(obj)) {
        add(obj, what);
        return out;
    }
    if (!py::isinstance<py::iterable>(obj)) typeError(what + ": expected ws indices, got " + typeName(obj));
    size_t i = 0;
    for (py::handle item : obj) add(item, what + "[" + std::to_string(i++) + "]");
    if (out.size() > 4096) valueError(what + ": more than 4096 ws indices");
    return out;
}

std::vector<int> classesArg(py::handle obj, size_t n, const ModelFacts& f, bool per_seed) {
    if (obj.is_none()) {
        if (f.c_dim > 0)
            valueError("classes: this model is conditional with " + std::to_string(f.c_dim) +
                       " classes; give classes= (" + (per_seed ? "one class for every seed, or one per seed" : "one class for every seed") + ")");
        return std::vector<int>(n, -1);
    }
    if (f.c_dim == 0)
        valueError("classes " + std::string(py::repr(obj)) + ": the model is unconditional (c_dim 0), it takes no class");
    if (isInteger(obj)) return std::vector<int>(n, static_cast<int>(intIn(obj, "classes", 0, f.c_dim - 1)));
    if (!per_seed || !py::isinstance<py::iterable>(obj) || py::isinstance<py::str>(obj))
        typeError(std::string("classes: expected ") + (per_seed ? "an int or a sequence of ints" : "an int") + ", got " +
                  typeName(obj));
    std::vector<int> out;
    size_t i = 0;
    for (py::handle item : obj) out.push_back(static_cast<int>(intIn(item, "classes[" + std::to_string(i++) + "]", 0, f.c_dim - 1)));
    if (out.size() != n)
        valueError("classes: " + std::to_string(out.size()) + " classes given for " + std::to_string(n) + " seeds");
    return out;
}

Truncation truncationArg(double psi, py::handle cutoff, const ModelFacts& f) {
    Truncation t;
    t.psi = psi;
    if (!cutoff.is_none())
        t.cutoff = static_cast<int>(intIn(cutoff, "cutoff", 0, f.num_ws, ", or None for all ws"));
    return t;
}

NoiseSpec noiseArg(const std::string& mode, py::handle seed, py::handle strength, const ModelFacts& f) {
    NoiseSpec n;
    try {
        n.mode = parseNoiseMode(mode);
    } catch (const std::invalid_argument& e) {
        valueError(std::string("noise_mode: ") + e.what());
    }
    n.seed = static_cast<std::uint64_t>(intIn(seed, "noise_seed", 0, LLONG_MAX));
    if (strength.is_none()) return n;
    auto number = [](py::handle h, const std::string& what) {
        if (PyBool_Check(h.ptr()) || !PyNumber_Check(h.ptr()) || py::isinstance<py::str>(h))
            typeError(what + ": expected a number, got " + typeName(h));
        return py::float_(py::reinterpret_borrow<py::object>(h)).cast<double>();
    };
    if (PyNumber_Check(strength.ptr()) && !py::isinstance<py::array>(strength)) {
        n.multipliers.assign(f.noise_layers.size(), static_cast<float>(number(strength, "noise_strength")));
    } else {
        if (!py::isinstance<py::iterable>(strength) || py::isinstance<py::str>(strength))
            typeError("noise_strength: expected None, a number or one number per noise layer, got " + typeName(strength));
        size_t i = 0;
        for (py::handle item : strength) {
            const double v = number(item, "noise_strength[" + std::to_string(i++) + "]");
            if (!(v >= 0) || !std::isfinite(v))
                valueError("noise_strength: '" + std::string(py::str(item)) + "' is not a finite non-negative number");
            n.multipliers.push_back(static_cast<float>(v));
        }
        if (n.multipliers.size() != f.noise_layers.size())
            valueError("noise_strength: " + std::to_string(n.multipliers.size()) + " values given, the model has " +
                       std::to_string(f.noise_layers.size()) + " noise layers");
    }
    for (float m : n.multipliers)
        if (!(m >= 0) || !std::isfinite(m))
            valueError("noise_strength: multipliers must be finite non-negative numbers");
    return n;
}

py::array toNumpy(ByteArray&& a) {
    std::vector<py::ssize_t> shape(a.shape.begin(), a.shape.end());
    py::array_t<std::uint8_t> out(shape);
    if (!a.data.empty()) std::memcpy(out.mutable_data(), a.data.data(), a.data.size());
    return std::move(out);
}

py::array toNumpy(FloatArray&& a) {
    std::vector<py::ssize_t> shape(a.shape.begin(), a.shape.end());
    py::array_t<float> out(shape);
    if (!a.data.empty()) std::memcpy(out.mutable_data(), a.data.data(), a.data.size() * sizeof(float));
    return std::move(out);
}


}  // namespace stylemix::python
