// How the render worker runs one job of a request: one function per kind of
// job (JobRequest's alternatives), dispatched by runJob. Each publishes its
// progressive parts and its final result (or its error) to the mailbox under
// the job's view id.
#pragma once

#include "model/core/worker_mailbox.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace stylemix {

class Engine;

// What every job of one request shares.
struct JobContext {
    WorkerMailbox& mailbox;
    std::uint64_t generation;
    std::shared_ptr<const ModelFacts> facts;   // the model that renders it

    // A result of `job` to fill in; elapsed_ms counts from `t0`.
    WorkerResult result(const ViewJob& job, bool partial, std::chrono::steady_clock::time_point t0) const;
    void fail(const ViewJob& job, const std::string& message) const;
};

// Renders `job` and publishes its results; false when it was cancelled
// (superseded or shutting down), true when it finished or failed (its error
// published).
bool runJob(Engine& engine, const ViewJob& job, const JobContext& context);

}  // namespace stylemix
