// CUDA-graph replay for synthesis calls whose shapes repeat (grid cells,
// sources, fixed-size batches): the second time a shape is seen its layers are
// captured once and then replayed as one graph launch. Built only with
// -DSTYLEMIX_CUDA_GRAPHS=ON against PyTorch's CUDA LibTorch; the generator
// uses it only on CUDA, with noise that needs no host-to-device copies.
#pragma once

#include "model/nets/generator.h"

#include <functional>
#include <memory>
#include <string>

namespace stylemix {

class CudaGraphRunner {
public:
    using Eager = std::function<void(SynthesisState&, const torch::Tensor& ws)>;
    virtual ~CudaGraphRunner() = default;
    // Advances `state` like `eager` would, through a captured graph for `key`
    // (captured the second time `key` is seen). Returns false, with `state`
    // untouched, when the call should run eagerly instead.
    virtual bool run(const std::string& key, SynthesisState& state, const torch::Tensor& ws, int end_layer,
                     const Eager& eager) = 0;
    virtual int graphs() const = 0;
};

// A runner holding at most `max_graphs` graphs (least recently used dropped).
std::unique_ptr<CudaGraphRunner> makeCudaGraphRunner(int max_graphs = 16);

}  // namespace stylemix
