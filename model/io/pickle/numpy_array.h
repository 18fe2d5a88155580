// Decodes the numpy values a restricted pickle recorded (pickle_value.h) into
// RawTensors, without numpy:
//   numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b') + BUILD
//       (version, shape, dtype, is_fortran, raw bytes)        -> an ndarray
//   numpy.core.multiarray.scalar(dtype, raw bytes)            -> a 0-d array
//   numpy.dtype(code, align, copy) + BUILD (version, byteorder, ...)
// Accepted element types: float16/32/64, int8/16/32/64, uint8 and bool, in
// either byte order and C or Fortran order. Object, string, structured and
// other dtypes are refused, and so are negative dimensions, element counts
// that overflow, and data whose size disagrees with the shape. The result is
// always contiguous, row-major and little-endian.
#pragma once

#include <cstddef>
#include <string>

#include "model/io/pickle/pickle_value.h"
#include "model/io/raw_weights.h"

namespace stylemix::pickle {

struct NumpyDtype {
    DType dtype = DType::Unknown;
    std::size_t itemsize = 0;
    bool big_endian = false;
    std::string code;   // as pickled, e.g. "f4"
};

// True for a recorded ndarray (_reconstruct) or numpy scalar.
bool isNumpyArray(const Value* v);

// `v` is a recorded numpy.dtype(...) call. Throws PickleError "<what>: ...".
NumpyDtype readNumpyDtype(const Value* v, const std::string& what);

// `v` is an ndarray or numpy scalar (isNumpyArray). The decoded bytes are
// charged to `arena`. Throws PickleError "<what>: ..." naming the problem.
RawTensor readNumpyArray(const Value* v, const std::string& what, ValueArena& arena);

// The single element of a 0-d (or one-element) F16/F32/F64/int/bool tensor as
// a double; throws PickleError "<what>: ..." for any other tensor.
double scalarValue(const RawTensor& t, const std::string& what);

}  // namespace stylemix::pickle
