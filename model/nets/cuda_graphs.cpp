#include "model/nets/cuda_graphs.h"

#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include <map>
#include <mutex>
#include <set>

namespace stylemix {
namespace {

class Runner final : public CudaGraphRunner {
public:
    explicit Runner(int max_graphs) : max_graphs_(max_graphs) {}

    bool run(const std::string& key, SynthesisState& state, const torch::Tensor& ws, int end_layer,
             const Eager& eager) override {
        std::lock_guard<std::mutex> lock(mutex_);
        if (failed_.count(key)) return false;
        Entry& e = entries_[key];
        e.used = ++tick_;
        if (++e.calls < 2) return false;   // first sight: eager (it also warms cuDNN and the noise cache)
        if (!e.graph && !capture(e, state, ws, eager)) {
            entries_.erase(key);
            failed_.insert(key);
            return false;
        }
        e.x.copy_(state.x);
        if (e.img.defined()) e.img.copy_(state.img);
        e.ws.copy_(ws);
        e.graph->replay();
        // The graph owns its outputs and overwrites them on the next replay.
        state.x = e.out_x.clone();
        state.img = e.out_img.defined() ? e.out_img.clone() : torch::Tensor();
        state.next_layer = end_layer;
        evict();
        return true;
    }

    int graphs() const override {
        std::lock_guard<std::mutex> lock(mutex_);
        int n = 0;
        for (const auto& [k, e] : entries_) n += e.graph ? 1 : 0;
        return n;
    }

private:
    struct Entry {
        std::unique_ptr<at::cuda::CUDAGraph> graph;
        torch::Tensor x, img, ws;     // static inputs
        torch::Tensor out_x, out_img; // static outputs
        int calls = 0;
        std::uint64_t used = 0;
    };

    bool capture(Entry& e, const SynthesisState& state, const torch::Tensor& ws, const Eager& eager) {
        e.x = state.x.clone();
        e.img = state.img.defined() ? state.img.clone() : torch::Tensor();
        e.ws = ws.clone();
        const int start = state.next_layer;
        torch::cuda::synchronize();
        c10::cuda::CUDAStream stream = c10::cuda::getStreamFromPool();
        try {
            c10::cuda::CUDAStreamGuard guard(stream);
            {
                SynthesisState warm{e.x, e.img, start};   // warm-up on the capture stream
                eager(warm, e.ws);
            }
            stream.synchronize();
            e.graph = std::make_unique<at::cuda::CUDAGraph>();
            SynthesisState s{e.x, e.img, start};
            e.graph->capture_begin();
            try {
                eager(s, e.ws);
            } catch (...) {
                try {
                    e.graph->capture_end();
                } catch (...) {
                }
                throw;
            }
            e.graph->capture_end();
            e.out_x = s.x;
            e.out_img = s.img;
            stream.synchronize();
        } catch (const std::exception&) {
            e.graph.reset();
            torch::cuda::synchronize();
            return false;
        }
        return true;
    }

    void evict() {
        while (static_cast<int>(entries_.size()) > max_graphs_) {
            auto oldest = entries_.begin();
            for (auto it = entries_.begin(); it != entries_.end(); ++it)
                if (it->second.used < oldest->second.used) oldest = it;
            entries_.erase(oldest);
        }
    }

    int max_graphs_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry> entries_;
    std::set<std::string> failed_;
    std::uint64_t tick_ = 0;
};

}  // namespace

std::unique_ptr<CudaGraphRunner> makeCudaGraphRunner(int max_graphs) {
    return std::make_unique<Runner>(std::max(1, max_graphs));
}

}  // namespace stylemix
