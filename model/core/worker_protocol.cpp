#include "model/core/worker_protocol.h"

namespace stylemix {

const char* workerStateName(WorkerState s) {
    switch (s) {
        case WorkerState::Idle: return "idle";
        case WorkerState::Loading: return "loading";
        case WorkerState::Rendering: return "rendering";
        case WorkerState::Stopped: return "stopped";
    }
    return "?";
}

}  // namespace stylemix

namespace stylemix {
namespace {

// Older tiles fill the gaps of a newer partial grid (a partial carries only
// the tiles new since the one before it).
void fillGaps(std::vector<ImagePtr>& newer, std::vector<ImagePtr>& older) {
    for (std::size_t i = 0; i < newer.size() && i < older.size(); ++i)
        if (!newer[i]) newer[i] = std::move(older[i]);
}

}  // namespace

const char* jobKindName(const JobRequest& request) {
    static const char* const names[] = {"mix",   "lab",   "split",          "ws",
                                        "interpolation", "layer", "noise-by-layer", "animation"};
    static_assert(std::variant_size_v<JobRequest> == 8, "name every job kind");
    return names[request.index()];
}

bool sameJob(const WorkerResult& a, const WorkerResult& b) {
    return a.kind == b.kind && a.view == b.view && a.payload.index() == b.payload.index();
}

void absorbOlderPartial(WorkerResult& newer, WorkerResult&& older) {
    MixResult* to = newer.as<MixResult>();
    MixResult* from = older.as<MixResult>();
    if (!to || !from) return;   // a newer lab map supersedes an older one whole
    fillGaps(to->row_images, from->row_images);
    fillGaps(to->col_images, from->col_images);
    for (std::size_t r = 0; r < to->cells.size() && r < from->cells.size(); ++r) fillGaps(to->cells[r], from->cells[r]);
}

}  // namespace stylemix
