// The Python module `stylemix` (pybind11): `stylemix.Model` over the engine
// the CLI and the explorer use. This file loads models and defines the module;
// arguments.{h,cpp} converts and checks arguments and results, py_errors.{h,cpp}
// raises Python's errors and renders with the GIL released (Ctrl-C stops a
// render between steps), session.{h,cpp} renders, docstrings.h documents.
#include "app/python/arguments.h"
#include "app/python/docstrings.h"
#include "app/python/py_errors.h"
#include "app/python/session.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <dlfcn.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <system_error>
#include <vector>

#ifndef STYLEMIX_PYTHON_MODEL_RELPATH
#error "STYLEMIX_PYTHON_MODEL_RELPATH must name the installed model relative to the installed module (app/python/CMakeLists.txt)"
#endif

namespace py = pybind11;

namespace stylemix::python {
namespace {

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

    m.doc() = docs::kModuleDoc;
    m.attr("__version__") = STYLEMIX_VERSION;
    m.attr("default_model_path") = text(defaultModel());

    py::class_<Session>(m, "Model", docs::kModelDoc)
        .def(py::init([](py::object path, const std::string& device, const std::string& precision) {
                 return load(path, device, precision);
             }),
             py::arg("path") = py::none(), py::arg("device") = "auto", py::arg("precision") = "fp32", docs::kInitDoc)
        .def_property_readonly("info", &infoDict, docs::kInfoDoc)
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
            docs::kMappingDoc)
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
            py::arg("noise_strength") = py::none(), docs::kSynthesisDoc)
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
            docs::kGenerateDoc)
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
            py::arg("row_styles") = py::none(), py::arg("labels") = false, docs::kMixDoc)
        .def("__repr__", [](const Session& s) {
            const ModelFacts& f = s.facts();
            return text("<stylemix.Model " + f.family_label + " " + std::to_string(f.img_resolution) + "x" +
                        std::to_string(f.img_resolution) + ", num_ws " + std::to_string(f.num_ws) + ", w_dim " +
                        std::to_string(f.w_dim) + " on " + f.device + ": " + f.path + ">");
        });
}
