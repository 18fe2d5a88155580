// The C++ side of the Python module `stylemix` (app/python/module.cpp holds
// the pybind11 glue): one loaded model and the renders the module offers, in
// plain C++ types. Pybind-free, so every rule here reads without Python.
//
// Seeds-only requests go through the Engine exactly as the CLI's (generate,
// mix), so their pixels are the CLI's. What the engine cannot take, ws given
// by the caller (synthesis, a mix row or column that is a ws array), runs on
// the engine's Generator: ws mapped like the engine maps them, every image
// synthesised from its own ws (on the CPU each image is its own batch-of-one
// job, so the pixels do not depend on what shares the call).
//
// Threading: a Session serialises its calls with a mutex; the glue releases
// the GIL around them.
#pragma once

#include "model/core/cancel.h"
#include "model/core/render_types.h"
#include "model/engine/engine.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace stylemix::python {

// A float32 array, row-major.
struct FloatArray {
    std::vector<std::int64_t> shape;
    std::vector<float> data;
};

// A uint8 array, row-major ([N, H, W, C] images or one [H, W, C] grid).
struct ByteArray {
    std::vector<std::int64_t> shape;
    std::vector<std::uint8_t> data;
};

// A row or column of a mixing grid: a seed (with the call's class) or a ws
// array [num_ws, w_dim], truncated by the call's psi like the seeds.
struct MixSource {
    bool is_ws = false;
    Source seed;
    std::vector<float> ws;   // num_ws * w_dim values when is_ws
};

struct MixArgs {
    std::vector<MixSource> rows, cols;
    std::vector<int> styles;
    std::vector<std::vector<int>> row_styles;
    Truncation truncation;
    NoiseSpec noise;
    bool labels = false;
};

class Session {
public:
    // Throws whatever Engine::load throws (the glue reports it as OSError).
    Session(const std::string& path, DeviceChoice device, PrecisionChoice precision);

    const ModelFacts& facts() const { return engine_->facts(); }
    static bool cudaAvailable();

    // gen_images.py's ws: each source mapped alone through the mapping
    // network, psi (and cutoff) by its truncation. [N, num_ws, w_dim].
    FloatArray mapping(const std::vector<Source>& sources, const Truncation& truncation, const ProgressHooks& hooks);
    // ws [N, num_ws, w_dim] (n * num_ws * w_dim floats) -> uint8 [N, H, W, C].
    ByteArray synthesis(const std::vector<float>& ws, std::int64_t n, const NoiseSpec& noise, const ProgressHooks& hooks);
    // Engine::generate, as the CLI's generate: uint8 [N, H, W, C].
    ByteArray generate(const GenerateRequest& request, const ProgressHooks& hooks);
    // The CLI's grid.png as uint8 [H, W, C].
    ByteArray mix(const MixArgs& args, const ProgressHooks& hooks);

    // Argument checks shared by the calls (std::invalid_argument naming the argument).
    void checkTruncation(const Truncation& t) const;
    void checkNoise(const NoiseSpec& noise) const;

private:
    // Images per forward pass outside Engine::mix: the CLI's eight (at most the engine's max batch).
    size_t chunkSize() const;
    ByteArray mixWithWs(const MixArgs& args, const ProgressHooks& hooks);

    std::unique_ptr<Engine> engine_;
    std::mutex mutex_;
};

}  // namespace stylemix::python
