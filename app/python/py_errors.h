// Python errors for the module `stylemix`: text for Python, raising
// ValueError / TypeError / any exception type, and released(), which renders
// with the GIL released and maps C++ exceptions to Python's.
#pragma once

#include "model/core/cancel.h"

#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

namespace py = pybind11;

namespace stylemix::python {

// Text for Python: control characters escaped (messages quote file contents), invalid UTF-8 replaced.
py::str text(const std::string& s);

// Raise `type` (a Python exception type) with text(message); never returns.
[[noreturn]] void raise(PyObject* type, const std::string& message);
[[noreturn]] void valueError(const std::string& message);
[[noreturn]] void typeError(const std::string& message);

// The Python type name of h's object ("int", "numpy.ndarray", ...), for messages.
std::string typeName(py::handle h);

// Cancellation by Ctrl-C: on the thread that called (when it is Python's main
// thread, the only one that sees signals), at most every 50 ms, the GIL is
// taken back briefly to run Python's signal handlers; a KeyboardInterrupt
// they raise stops the render at its next step. Construct with the GIL held.
class Interrupt {
public:
    Interrupt();
    // Hooks for one render; they refer to this Interrupt, which must outlive it.
    ProgressHooks hooks();
    // Whether a signal handler raised (the Python error is then set).
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
// Cancelled (Ctrl-C) -> KeyboardInterrupt. Call with the GIL held.
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

}  // namespace stylemix::python
