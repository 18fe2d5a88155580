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
