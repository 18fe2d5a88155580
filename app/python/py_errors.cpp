#include "app/python/py_errors.h"

#include "model/core/text_escape.h"

namespace stylemix::python {

py::str text(const std::string& s) {
    const std::string e = escapeControlChars(s);
    PyObject* o = PyUnicode_DecodeUTF8(e.data(), static_cast<Py_ssize_t>(e.size()), "replace");
    if (!o) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(o);
}

void raise(PyObject* type, const std::string& message) {
    PyErr_SetObject(type, text(message).ptr());
    throw py::error_already_set();
}
void valueError(const std::string& message) { raise(PyExc_ValueError, message); }
void typeError(const std::string& message) { raise(PyExc_TypeError, message); }

std::string typeName(py::handle h) { return Py_TYPE(h.ptr())->tp_name; }

Interrupt::Interrupt() {
    const py::module_ threading = py::module_::import("threading");
    main_ = threading.attr("current_thread")().is(threading.attr("main_thread")());
}

ProgressHooks Interrupt::hooks() {
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

}  // namespace stylemix::python
