// The Python module `stylemix` (pybind11): `stylemix.Model` over the engine
// the CLI and the explorer use. This file converts and checks arguments and
// results; app/python/session.{h,cpp} renders. Every render runs with the GIL
// released; Ctrl-C (KeyboardInterrupt) stops it between steps.
#include "app/python/session.h"

#include "model/core/seed_spec.h"
#include "model/core/text_escape.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <thread>

#ifndef STYLEMIX_PYTHON_MODEL_RELPATH
#error "STYLEMIX_PYTHON_MODEL_RELPATH must name the installed model relative to the installed module (app/python/CMakeLists.txt)"
#endif

namespace py = pybind11;

namespace stylemix::python {
namespace {

constexpr std::uint64_t kMaxSeed = 4294967295ull;   // NumPy's RandomState seeds

// Text for Python: control characters escaped (messages quote file contents), invalid UTF-8 replaced.
py::str text(const std::string& s) {
    const std::string e = escapeControlChars(s);
    PyObject* o = PyUnicode_DecodeUTF8(e.data(), static_cast<Py_ssize_t>(e.size()), "replace");
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(o);
}

[[noreturn]] void raise(PyObject* type, const std::string& message) {
    PyErr_SetObject(type, text(message).ptr());
    throw py::error_already_set();
}
[[noreturn]] void valueError(const std::string& message) { raise(PyExc_ValueError, message); }
[[noreturn]] void typeError(const std::string& message) { raise(PyExc_TypeError, message); }

std::string typeName(py::handle h) { return Py_TYPE(h.ptr())->tp_name; }

std::string shapeText(const py::array& a) {
    std::string s = "[";
    for (py::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
    return s + "]";
}

// ---------------------------------------------------------------------------
// Rendering with the GIL released, C++ errors as Python's.

// Cancellation by Ctrl-C: on the thread that called (when it is Python's main
// thread, the only one that sees signals), at most every 50 ms, the GIL is
// taken back briefly to run Python's signal handlers; a KeyboardInterrupt
// they raise stops the render at its next step.
class Interrupt {
public:
    Interrupt() {
        const py::module_ threading = py::module_::import("threading");
        main_ = threading.attr("current_thread")().is(threading.attr("main_thread")());
    }
    ProgressHooks hooks() {
        ProgressHooks h;
        h.cancelled = [this] {
            if (stop_.load()) return true;
            if (!main_ || std::this_thread::get_id() != caller_) return false;
            const auto now = std::chrono::steady_clock::now();
            if (now - last_ < std::chrono::milliseconds(50)) return false;
            last_ = now;
            py::gil_scoped_acquire gil;
            if (PyErr_CheckSignals() != 0) {
                python_error_ = true;
                stop_.store(true);
            }
            return stop_.load();
        };
        return h;
    }
    bool pythonError() const { return python_error_; }

private:
    bool main_ = false;
    std::thread::id caller_ = std::this_thread::get_id();
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
    std::atomic<bool> stop_{false};
    bool python_error_ = false;
};

// Runs `work` (given the hooks) without the GIL; C++ exceptions become Python's:
// std::invalid_argument -> ValueError, std::bad_alloc -> MemoryError, the rest RuntimeError.
template <class Work>
auto released(Work&& work) {
    using Result = decltype(work(ProgressHooks{}));
    Interrupt interrupt;
    const ProgressHooks hooks = interrupt.hooks();
    std::optional<Result> result;
    std::exception_ptr failure;
    {
        py::gil_scoped_release nogil;
        try {
            result.emplace(work(hooks));
        } catch (...) {
            failure = std::current_exception();
        }
    }
    if (interrupt.pythonError() && PyErr_Occurred()) throw py::error_already_set();
    if (!failure) return std::move(*result);
    try {
        std::rethrow_exception(failure);
    } catch (const Cancelled&) {
        raise(PyExc_KeyboardInterrupt, "render interrupted");
    } catch (const py::error_already_set&) {
        throw;
    } catch (const std::invalid_argument& e) {
        valueError(e.what());
    } catch (const std::bad_alloc&) {
        raise(PyExc_MemoryError, "out of memory while rendering");
    } catch (const std::exception& e) {
        raise(PyExc_RuntimeError, e.what());
    }
    throw std::logic_error("unreachable");
}

// ---------------------------------------------------------------------------
// Arguments.

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

std::uint64_t seedArg(py::handle h, const std::string& what) {
    return static_cast<std::uint64_t>(intIn(h, what, 0, static_cast<long long>(kMaxSeed), ", NumPy RandomState seeds"));
}

// Seeds: an int, a spec string like the CLI's ("0-7,42"), or a sequence of ints.
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

// A float array as float32, C order; TypeError for what is not numbers.
py::array_t<float, py::array::c_style | py::array::forcecast> floatArray(py::handle h, const std::string& what) {
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

std::string expectedWs(const ModelFacts& f) { return "[" + std::to_string(f.num_ws) + ", " + std::to_string(f.w_dim) + "]"; }

// Checks a ws array's trailing [num_ws, w_dim] and its values.
void checkWsShape(const py::array& a, const std::string& what, const ModelFacts& f, const std::string& expected) {
    const auto nd = a.ndim();
    if (a.shape(nd - 1) != f.w_dim)
        valueError(what + ": w_dim " + std::to_string(a.shape(nd - 1)) + " does not match the model's w_dim " +
                   std::to_string(f.w_dim) + " (shape " + shapeText(a) + ", expected " + expected + ")");
    if (a.shape(nd - 2) != f.num_ws)
        valueError(what + ": " + std::to_string(a.shape(nd - 2)) + " ws given, the model has num_ws " +
                   std::to_string(f.num_ws) + " (shape " + shapeText(a) + ", expected " + expected + ")");
}

std::vector<float> finiteValues(const py::array_t<float, py::array::c_style | py::array::forcecast>& a, const std::string& what) {
    const float* p = a.data();
    std::vector<float> v(p, p + a.size());
    for (float x : v)
        if (!std::isfinite(x)) valueError(what + ": the ws contain NaN or infinity");
    return v;
}

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

// Mix rows / columns: a seed spec string, an int, a [N, num_ws, w_dim] array
// (N ws sources), one [num_ws, w_dim] array, or a sequence of seeds and ws arrays.
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

// ws indices: a spec string ("0-3"), an int, or a sequence of ints (a range).
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

// classes=: None, one int for every seed, or (per_seed) one per seed.
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

// ---------------------------------------------------------------------------
// Loading.

// The bundled model: beside the installed module (<prefix>/lib/python3/dist-packages ->
// <prefix>/share/stylemix), wherever the prefix was moved; else the source tree's, for
// a module run from its build tree.
std::string defaultModel() {
    namespace fs = std::filesystem;
    Dl_info info{};
    std::error_code ec;
    if (dladdr(reinterpret_cast<void*>(&defaultModel), &info) != 0 && info.dli_fname != nullptr) {
        const fs::path installed =
            (fs::absolute(info.dli_fname, ec).parent_path() / STYLEMIX_PYTHON_MODEL_RELPATH).lexically_normal();
        if (fs::is_regular_file(installed, ec)) return installed.string();
    }
    return STYLEMIX_DEFAULT_MODEL;
}

std::unique_ptr<Session> load(py::handle path_arg, const std::string& device, const std::string& precision) {
    std::string path;
    if (path_arg.is_none()) {
        path = defaultModel();
    } else {
        if (!py::isinstance<py::str>(path_arg) && !py::isinstance<py::bytes>(path_arg) &&
            !py::hasattr(path_arg, "__fspath__"))
            typeError("path: expected a str or os.PathLike, got " + typeName(path_arg));
        path = py::module_::import("os").attr("fsdecode")(path_arg).cast<std::string>();
    }
    DeviceChoice d{};
    PrecisionChoice p{};
    try {
        d = parseDeviceChoice(device);
        p = parsePrecisionChoice(precision);
    } catch (const std::invalid_argument& e) {
        valueError(e.what());
    }
    if (d == DeviceChoice::CUDA && !Session::cudaAvailable())
        raise(PyExc_RuntimeError, "device 'cuda' requested, but no CUDA device is available");
    std::exception_ptr failure;
    std::unique_ptr<Session> session;
    {
        py::gil_scoped_release nogil;
        try {
            session = std::make_unique<Session>(path, d, p);
        } catch (...) {
            failure = std::current_exception();
        }
    }
    if (session) return session;
    try {
        std::rethrow_exception(failure);
    } catch (const std::bad_alloc&) {
        raise(PyExc_MemoryError, path + ": out of memory while loading the model");
    } catch (const std::exception& e) {
        // Every other load failure is the file's: missing, unreadable, not a model, inconsistent.
        std::string message = e.what();
        if (message.find(path) == std::string::npos) message = path + ": " + message;
        std::error_code ec;
        raise(std::filesystem::exists(path, ec) || ec ? PyExc_OSError : PyExc_FileNotFoundError, message);
    }
}

py::dict infoDict(const Session& s) {
    const ModelFacts& f = s.facts();
    const py::object range = py::module_::import("builtins").attr("range");
    py::dict d;
    d["family"] = text(f.family);
    d["family_label"] = text(f.family_label);
    d["resolution"] = f.img_resolution;
    d["img_channels"] = f.img_channels;
    d["num_ws"] = f.num_ws;
    d["w_dim"] = f.w_dim;
    d["z_dim"] = f.z_dim;
    d["c_dim"] = f.c_dim;
    py::list noise;
    for (size_t i = 0; i < f.noise_layers.size(); ++i) {
        py::dict n;
        n["name"] = text(f.noise_layers[i].name);
        n["resolution"] = f.noise_layers[i].resolution;
        n["strength"] = i < f.noise_strengths.size() ? f.noise_strengths[i] : 0.0f;
        noise.append(n);
    }
    d["noise_layers"] = noise;
    py::list modes;
    for (NoiseMode m : f.noise_modes) modes.append(noiseModeName(m));
    d["noise_modes"] = modes;
    d["has_input_transform"] = f.has_input_transform;
    d["coarse"] = range(f.coarse.begin, f.coarse.end);
    d["middle"] = range(f.middle.begin, f.middle.end);
    d["fine"] = range(f.fine.begin, f.fine.end);
    py::list ws;
    for (const WsInfo& w : f.ws_info) {
        py::dict e;
        e["label"] = text(w.label);
        e["resolution"] = w.resolution;
        py::list layers;
        for (const auto& l : w.layers) layers.append(text(l));
        e["layers"] = layers;
        ws.append(e);
    }
    d["ws"] = ws;
    py::dict details;
    for (const auto& [k, v] : f.details) details[text(k)] = text(v);
    d["details"] = details;
    py::list notes;
    for (const auto& n : f.notes) notes.append(text(n));
    d["notes"] = notes;
    d["path"] = text(f.path);
    d["sha256"] = f.sha256;
    d["device"] = text(f.device);
    d["precision"] = f.precision;
    return d;
}

// ---------------------------------------------------------------------------
// Documentation (help(stylemix.Model)).

constexpr const char* kModelDoc = R"(A StyleGAN generator loaded by StyleMix's engine (the CLI's and the explorer's).

Seeds pick latents exactly as NVIDIA's scripts do (z = RandomState(seed).randn(z_dim)),
so results equal gen_images.py's and style_mixing.py's, and the `stylemix` CLI's.
Images are uint8 arrays [..., H, W, C] (C = 3 for RGB models), converted like
gen_images.py: (x * 127.5 + 128) clamped to [0, 255] and truncated.

Every render releases the GIL (other Python threads keep running) and stops with
KeyboardInterrupt on Ctrl-C. Calls on one Model run one at a time.

Errors: bad arguments raise ValueError (shapes, w_dim, num_ws, classes, styles,
ranges) or TypeError (wrong kinds of values); problems with the model file raise
OSError (FileNotFoundError when it does not exist), with the CLI's one-line message.

Common arguments:
  seeds: an int, a sequence of ints, or a spec string like the CLI's ("0-7,42");
         0 <= seed <= 4294967295.
  psi: truncation psi, |psi| < 100; 1 = none.
  cutoff: None (truncate every ws) or N: truncate only ws 0..N-1 (N <= num_ws).
  classes: for conditional models, the class index (0..c_dim-1); None for
         unconditional ones.
  noise_mode: "const" (each layer's stored noise, gen_images.py's default),
         "random" (Gaussian noise from noise_seed; every image of a call sees the
         same realisation) or "none".
  noise_seed: the random noise's seed, 0..2**63-1 (noise_mode="random" only).
  noise_strength: None (the learned strengths), a number multiplying every noise
         layer's learned strength, or one number per noise layer
         (len(info["noise_layers"])); 0 turns a layer off.
)";

constexpr const char* kInitDoc = R"(Model(path=None, device="auto", precision="fp32")

Loads a generator.

  path: a .safetensors file or an NVIDIA network pickle (.pkl: StyleGAN1, 2 and 3;
        G_ema is used), as str or os.PathLike. None: the bundled model
        (avatars64, StyleGAN2 64x64), found beside the installed module or in
        the source tree.
  device: "auto" (CUDA when available, else the CPU), "cpu" or "cuda".
  precision: "fp32", "fp16" or "bf16" (half precision in NVIDIA's top blocks;
        CUDA only, the CPU renders fp32).

Raises OSError (FileNotFoundError) naming the file when it cannot be read or is
not a valid model, ValueError for an unknown device or precision, RuntimeError
when device="cuda" but no CUDA device is available.)";

constexpr const char* kInfoDoc = R"(What the model is, as a dict:
  family ("stylegan2", ...), family_label ("StyleGAN2"), resolution, img_channels,
  num_ws, w_dim, z_dim, c_dim (0 = unconditional),
  noise_layers: [{name, resolution, strength (learned)}, ...],
  noise_modes: the noise modes the model takes, has_input_transform,
  coarse / middle / fine: the model's own style bands as ranges (usable as styles=),
  ws: per ws index {label, resolution, layers},
  details: architecture facts (as `stylemix info` prints them), notes,
  path, sha256 (of the file), device ("cpu", "cuda:0"), precision.)";

constexpr const char* kMappingDoc = R"(mapping(seeds, psi=1.0, cutoff=None, classes=None) -> float32 ndarray [N, num_ws, w_dim]

The ws of each seed, as gen_images.py computes them: z through the mapping
network, truncated towards the average w by psi (on the first `cutoff` ws when
given). Each seed is mapped alone, so its ws never depend on the other seeds.

  seeds: int, sequence of ints or spec string ("0-7").
  psi: truncation psi (|psi| < 100).
  cutoff: None, or truncate only ws 0..cutoff-1.
  classes: None (unconditional models), one int for every seed, or one int per
        seed (conditional models).)";

constexpr const char* kSynthesisDoc = R"(synthesis(ws, noise_mode="const", noise_seed=0, noise_strength=None) -> uint8 ndarray [N, H, W, C]

Images of given ws (from mapping(), a projector's projected_w.npz, edits...).

  ws: float array [N, num_ws, w_dim] (or one [num_ws, w_dim], giving N = 1);
      float64 is cast to float32; values must be finite.
  noise_mode: "const", "random" or "none".
  noise_seed: seed of the random noise (0..2**63-1).
  noise_strength: None, one multiplier for every noise layer, or one per layer.)";

constexpr const char* kGenerateDoc = R"(generate(seeds, psi=1.0, cutoff=None, classes=None, noise_mode="const", noise_seed=0, noise_strength=None) -> uint8 ndarray [N, H, W, C]

One image per seed, like gen_images.py and `stylemix generate` (the same
pixels as the CLI's seedNNNN.png files).

  seeds: int, sequence of ints or spec string ("0-7").
  psi, cutoff: truncation (see mapping()).
  classes: None, one int for every seed, or one per seed (conditional models).
  noise_mode, noise_seed, noise_strength: see synthesis().)";

constexpr const char* kMixDoc = R"(mix(rows, cols, styles=range(0, 7), psi=1.0, cutoff=None, classes=None, noise_mode="const", noise_seed=0, noise_strength=None, row_styles=None, labels=False) -> uint8 ndarray [H, W, C]

The style-mixing grid of style_mixing.py and `stylemix mix` (grid.png): the top-left
tile black, column sources across the top, row sources down the left, and cell
(r, c) rendered from row r's ws with the ws indices in `styles` taken from column c.
The array is (rows + 1) * H high and (cols + 1) * W wide.

  rows, cols: the sources: a seed spec string ("0-2"), an int, a sequence whose
        items are seeds (ints) or ws arrays [num_ws, w_dim] (e.g. a projected w:
        np.load("projected_w.npz")["w"][0]), or one float array [N, num_ws, w_dim].
        With seeds only, the grid is the CLI's grid.png pixel for pixel.
  styles: the ws indices each cell takes from its column: a range, a sequence of
        ints or a spec string ("0-3"); default 0-6 (style_mixing.py's default).
  psi, cutoff: truncation of every source, as style_mixing.py does it: each w
        moved towards the average w, w_avg + (w - w_avg) * psi, in plain float32
        (with a cutoff, only ws 0..cutoff-1; seeds then go through the mapping's
        own truncation). ws arrays are truncated too, so pass untruncated ones
        (mapping(seeds) at psi 1, a projected w): a row mapping([s])[0] renders
        exactly what the seed s renders, at any psi.
  classes: None, or one int for every seed (conditional models).
  noise_mode, noise_seed, noise_strength: see synthesis(); every image of the grid
        sees the same noise.
  row_styles: None, or one styles value per row (overrides styles), like the CLI's
        --row-styles (e.g. [range(0, 4), range(4, 8), range(8, 10)]).
  labels: True adds margins naming the seeds and styles (the CLI's --labels;
        seed rows and columns only).)";

}  // namespace
}  // namespace stylemix::python

using namespace stylemix;
using namespace stylemix::python;

PYBIND11_MODULE(stylemix, m) {
    // Python loads extension modules RTLD_LOCAL; the engine looks up OpenBLAS's and CUDA's
    // entry points in the global scope (as the CLI and the worker library have them), so
    // this module and the libraries it links join that scope.
    Dl_info self{};
    if (dladdr(reinterpret_cast<void*>(&defaultModel), &self) != 0 && self.dli_fname != nullptr)
        dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);

    // The docstrings carry readable signatures of their own (pybind11's would say "object" for most arguments).
    py::options options;
    options.disable_function_signatures();

    m.doc() = "StyleMix: style mixing with StyleGAN generators (StyleGAN1, 2 and 3) from Python.\n\n"
              "    import stylemix\n"
              "    m = stylemix.Model()                      # the bundled model\n"
              "    ws = m.mapping([1, 2], psi=0.7)           # float32 [N, num_ws, w_dim]\n"
              "    imgs = m.synthesis(ws)                    # uint8 [N, H, W, 3]\n"
              "    imgs = m.generate([1, 2])                 # uint8 [N, H, W, 3]\n"
              "    grid = m.mix(rows=[1, ws[0]], cols=[3, 4], styles=range(0, 4))\n\n"
              "See help(stylemix.Model).";
    m.attr("__version__") = STYLEMIX_VERSION;
    m.attr("default_model_path") = text(defaultModel());

    py::class_<Session>(m, "Model", kModelDoc)
        .def(py::init([](py::object path, const std::string& device, const std::string& precision) {
                 return load(path, device, precision);
             }),
             py::arg("path") = py::none(), py::arg("device") = "auto", py::arg("precision") = "fp32", kInitDoc)
        .def_property_readonly("info", &infoDict, kInfoDoc)
        .def(
            "mapping",
            [](Session& s, py::object seeds, double psi, py::object cutoff, py::object classes) {
                const ModelFacts& f = s.facts();
                const auto list = seedsArg(seeds, "seeds");
                const auto cls = classesArg(classes, list.size(), f, true);
                std::vector<Source> sources;
                for (size_t i = 0; i < list.size(); ++i) sources.push_back({list[i], cls[i]});
                const Truncation t = truncationArg(psi, cutoff, f);
                return toNumpy(released([&](const ProgressHooks& h) { return s.mapping(sources, t, h); }));
            },
            py::arg("seeds"), py::arg("psi") = 1.0, py::arg("cutoff") = py::none(), py::arg("classes") = py::none(),
            kMappingDoc)
        .def(
            "synthesis",
            [](Session& s, py::object ws, const std::string& noise_mode, py::object noise_seed, py::object noise_strength) {
                const ModelFacts& f = s.facts();
                const auto a = floatArray(ws, "ws");
                const std::string expected = "[N, " + std::to_string(f.num_ws) + ", " + std::to_string(f.w_dim) + "]";
                if (a.ndim() != 2 && a.ndim() != 3)
                    valueError("ws: expected shape " + expected + " (or one [num_ws, w_dim]), got " + shapeText(a));
                checkWsShape(a, "ws", f, expected);
                const std::vector<float> values = finiteValues(a, "ws");
                const std::int64_t n = a.ndim() == 3 ? a.shape(0) : 1;
                const NoiseSpec noise = noiseArg(noise_mode, noise_seed, noise_strength, f);
                return toNumpy(released([&](const ProgressHooks& h) { return s.synthesis(values, n, noise, h); }));
            },
            py::arg("ws"), py::arg("noise_mode") = "const", py::arg("noise_seed") = 0,
            py::arg("noise_strength") = py::none(), kSynthesisDoc)
        .def(
            "generate",
            [](Session& s, py::object seeds, double psi, py::object cutoff, py::object classes,
               const std::string& noise_mode, py::object noise_seed, py::object noise_strength) {
                const ModelFacts& f = s.facts();
                const auto list = seedsArg(seeds, "seeds");
                const auto cls = classesArg(classes, list.size(), f, true);
                GenerateRequest req;
                for (size_t i = 0; i < list.size(); ++i) req.sources.push_back({list[i], cls[i]});
                req.truncation = truncationArg(psi, cutoff, f);
                req.noise = noiseArg(noise_mode, noise_seed, noise_strength, f);
                return toNumpy(released([&](const ProgressHooks& h) { return s.generate(req, h); }));
            },
            py::arg("seeds"), py::arg("psi") = 1.0, py::arg("cutoff") = py::none(), py::arg("classes") = py::none(),
            py::arg("noise_mode") = "const", py::arg("noise_seed") = 0, py::arg("noise_strength") = py::none(),
            kGenerateDoc)
        .def(
            "mix",
            [](Session& s, py::object rows, py::object cols, py::object styles, double psi, py::object cutoff,
               py::object classes, const std::string& noise_mode, py::object noise_seed, py::object noise_strength,
               py::object row_styles, bool labels) {
                const ModelFacts& f = s.facts();
                MixArgs args;
                args.rows = mixSourcesArg(rows, "rows", f);
                args.cols = mixSourcesArg(cols, "cols", f);
                const bool any_seed = std::any_of(args.rows.begin(), args.rows.end(), [](const MixSource& x) { return !x.is_ws; }) ||
                                      std::any_of(args.cols.begin(), args.cols.end(), [](const MixSource& x) { return !x.is_ws; });
                const int cls = any_seed || !classes.is_none() ? classesArg(classes, 1, f, false)[0] : -1;
                for (auto* list : {&args.rows, &args.cols})
                    for (auto& src : *list) src.seed.class_index = cls;
                args.styles = stylesArg(styles, "styles", f);
                if (!row_styles.is_none()) {
                    if (!py::isinstance<py::iterable>(row_styles) || py::isinstance<py::str>(row_styles))
                        typeError("row_styles: expected None or one styles value per row, got " + typeName(row_styles));
                    size_t i = 0;
                    for (py::handle item : row_styles)
                        args.row_styles.push_back(stylesArg(item, "row_styles[" + std::to_string(i++) + "]", f));
                    if (args.row_styles.size() != args.rows.size())
                        valueError("row_styles: " + std::to_string(args.row_styles.size()) + " style sets for " +
                                   std::to_string(args.rows.size()) + " rows");
                }
                args.truncation = truncationArg(psi, cutoff, f);
                args.noise = noiseArg(noise_mode, noise_seed, noise_strength, f);
                args.labels = labels;
                if (labels) {
                    for (const auto* list : {&args.rows, &args.cols})
                        for (const auto& src : *list)
                            if (src.is_ws) valueError("labels: only a grid of seeds can be labelled (a row or column is a ws array)");
                }
                return toNumpy(released([&](const ProgressHooks& h) { return s.mix(args, h); }));
            },
            py::arg("rows"), py::arg("cols"), py::arg("styles") = py::module_::import("builtins").attr("range")(0, 7),
            py::arg("psi") = 1.0, py::arg("cutoff") = py::none(), py::arg("classes") = py::none(),
            py::arg("noise_mode") = "const", py::arg("noise_seed") = 0, py::arg("noise_strength") = py::none(),
            py::arg("row_styles") = py::none(), py::arg("labels") = false, kMixDoc)
        .def("__repr__", [](const Session& s) {
            const ModelFacts& f = s.facts();
            return text("<stylemix.Model " + f.family_label + " " + std::to_string(f.img_resolution) + "x" +
                        std::to_string(f.img_resolution) + ", num_ws " + std::to_string(f.num_ws) + ", w_dim " +
                        std::to_string(f.w_dim) + " on " + f.device + ": " + f.path + ">");
        });
}
