// Worker threads for CPU batches. Each worker runs with one intra-op thread
// and InferenceMode; the calling thread only hands out jobs and runs the
// completion callbacks, so a slow core simply takes fewer jobs.
//
// Threading: run() may be called from any one thread at a time (it holds a
// lock for the whole batch); jobs run on the workers, `done` and `poll` on the
// caller.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace stylemix {

class CpuWorkerPool {
public:
    explicit CpuWorkerPool(int threads);
    ~CpuWorkerPool();
    CpuWorkerPool(const CpuWorkerPool&) = delete;
    CpuWorkerPool& operator=(const CpuWorkerPool&) = delete;

    // True on a pool worker thread (nested parallel work then runs inline).
    static bool& inWorker();

    // Runs job(i) for i in [0, count) on the workers; `done(i)` on this thread
    // as each finishes; `poll` every few ms while waiting. The first exception
    // (from a job, done or poll) stops handing out jobs and is rethrown.
    void run(std::size_t count, const std::function<void(std::size_t)>& job,
             const std::function<void(std::size_t)>& done, const std::function<void()>& poll);

private:
    void loop();

    std::vector<std::thread> workers_;
    std::mutex run_mutex_;
    std::mutex mutex_;
    std::condition_variable wake_, done_cv_;
    const std::function<void(std::size_t)>* job_ = nullptr;
    std::size_t count_ = 0, next_ = 0;
    int running_ = 0;
    bool abort_ = false, stop_ = false;
    std::exception_ptr error_;
    std::deque<std::size_t> finished_;
};

// Sets OpenBLAS's thread count when OpenBLAS is the loaded BLAS (no-op otherwise).
void setBlasThreads(int n);

}  // namespace stylemix
