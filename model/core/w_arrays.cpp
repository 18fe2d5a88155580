// wArraysFor and writeWsNpz (declared in model/io/w_file.h): W files as
// WArrays and back. They live here, in stylemix_core, because they make and
// take WArrays (source.h); the file formats themselves stay in model/io.
#include "model/io/w_file.h"

#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "model/core/source.h"
#include "model/io/atomic_file.h"
#include "model/io/message_text.h"
#include "model/io/npy_header.h"
#include "model/io/npz_archive.h"

namespace stylemix {

namespace {

// The file name without directories, as the arrays are named.
std::string baseName(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    return name.empty() ? path : name;
}

// How many ws `shape` holds for the model, or -1 when it is none of the three accepted shapes.
std::int64_t wCount(const std::vector<std::int64_t>& shape, int num_ws, int w_dim) {
    if (shape.size() == 1 && shape[0] == w_dim) return 1;
    if (shape.size() == 2 && shape[0] == num_ws && shape[1] == w_dim) return 1;
    if (shape.size() == 3 && shape[1] == num_ws && shape[2] == w_dim) return shape[0];
    return -1;
}

// "[0, 3, 17]": the index of flat element `flat` in `shape` (C order).
std::string indexText(std::size_t flat, const std::vector<std::int64_t>& shape) {
    std::vector<std::int64_t> index(shape.size());
    for (std::size_t d = shape.size(); d-- > 0;) {
        index[d] = static_cast<std::int64_t>(flat % static_cast<std::size_t>(shape[d]));
        flat /= static_cast<std::size_t>(shape[d]);
    }
    return npyShapeText(index);
}

void checkFinite(const NpyArray& array, const std::string& source) {
    for (std::size_t i = 0; i < array.values.size(); ++i) {
        const float value = array.values[i];
        if (std::isfinite(value)) continue;
        const std::string what = std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
        throw std::runtime_error(source + ": W array holds a non-finite value (" + what + " at " + indexText(i, array.shape) +
                                 " of shape " + npyShapeText(array.shape) + "); W values must be finite");
    }
}

}  // namespace

std::vector<WArrayPtr> wArraysFor(const WFile& file, int num_ws, int w_dim) {
    if (num_ws < 1 || w_dim < 1)
        throw std::invalid_argument("wArraysFor: num_ws " + std::to_string(num_ws) + " and w_dim " + std::to_string(w_dim) +
                                    " must be positive");
    const std::string source = displayPath(file.path);
    const NpyArray& array = file.array;
    const std::int64_t count = wCount(array.shape, num_ws, w_dim);
    const std::string dims = std::to_string(num_ws) + ", " + std::to_string(w_dim);
    if (count < 0)
        throw std::runtime_error(source + ": W array of shape " + npyShapeText(array.shape) +
                                 "; this model expects [num_ws, w_dim] = [" + dims + "] (or [" + std::to_string(w_dim) +
                                 "] or [N, " + dims + "])");
    if (count == 0) throw std::runtime_error(source + ": W array of shape " + npyShapeText(array.shape) + " holds no ws");
    const std::size_t per_w = static_cast<std::size_t>(num_ws) * static_cast<std::size_t>(w_dim);
    const std::size_t stored_per_w = array.shape.size() == 1 ? static_cast<std::size_t>(w_dim) : per_w;
    if (array.values.size() != static_cast<std::size_t>(count) * stored_per_w)
        throw std::invalid_argument(source + ": W array of shape " + npyShapeText(array.shape) + " has " +
                                    std::to_string(array.values.size()) + " values");
    checkFinite(array, source);
    const std::string name = baseName(file.path);
    std::vector<WArrayPtr> arrays;
    for (std::int64_t n = 0; n < count; ++n) {
        std::vector<float> values(per_w);
        const float* first = array.values.data() + static_cast<std::size_t>(n) * stored_per_w;
        for (std::size_t i = 0; i < per_w; ++i) values[i] = first[i % stored_per_w];   // [w_dim] repeats for every layer
        WOrigin origin{file.path, file.sha256, static_cast<int>(n), static_cast<int>(count)};
        arrays.push_back(makeWArray(count == 1 ? name : name + "[" + std::to_string(n) + "]", num_ws, w_dim, std::move(values),
                                    std::move(origin)));
    }
    return arrays;
}

void writeWsNpz(const std::string& path, const std::vector<WArrayPtr>& ws) {
    const std::string target = displayPath(path);
    if (ws.empty()) throw std::invalid_argument(target + ": no ws to write");
    if (!ws[0]) throw std::invalid_argument(target + ": ws[0] is null");
    const int num_ws = ws[0]->num_ws, w_dim = ws[0]->w_dim;
    std::vector<float> values;
    values.reserve(ws.size() * ws[0]->values.size());
    for (std::size_t i = 0; i < ws.size(); ++i) {
        if (!ws[i]) throw std::invalid_argument(target + ": ws[" + std::to_string(i) + "] is null");
        if (ws[i]->num_ws != num_ws || ws[i]->w_dim != w_dim)
            throw std::invalid_argument(target + ": ws[" + std::to_string(i) + "] is [" + std::to_string(ws[i]->num_ws) + ", " +
                                        std::to_string(ws[i]->w_dim) + "], ws[0] is [" + std::to_string(num_ws) + ", " +
                                        std::to_string(w_dim) + "]; one file holds ws of one shape");
        values.insert(values.end(), ws[i]->values.begin(), ws[i]->values.end());
    }
    const std::vector<std::int64_t> shape = {static_cast<std::int64_t>(ws.size()), num_ws, w_dim};
    writeFileAtomic(path, serializeNpzStored("w.npy", serializeNpyFloat32(shape, values)));
}

}  // namespace stylemix
