#include "model/kernels/cpu_worker_pool.h"

#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <dlfcn.h>

#include <atomic>
#include <chrono>

namespace stylemix {

CpuWorkerPool::CpuWorkerPool(int threads) {
    std::atomic<int> started{0};
    for (int i = 0; i < threads; ++i) {
        workers_.emplace_back([this, &started] {
            inWorker() = true;
            // ATen sets a thread's OpenMP team size lazily on its first parallel op, from the
            // process-wide default; trigger that now, then pin this thread to one (oneDNN follows).
            (void)at::get_num_threads();
            at::set_num_threads(1);
            ++started;
            loop();
        });
    }
    while (started.load() < threads) std::this_thread::yield();
}

CpuWorkerPool::~CpuWorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
}

bool& CpuWorkerPool::inWorker() {
    static thread_local bool flag = false;
    return flag;
}

void CpuWorkerPool::run(std::size_t count, const std::function<void(std::size_t)>& job,
                        const std::function<void(std::size_t)>& done, const std::function<void()>& poll) {
    std::lock_guard<std::mutex> one_batch(run_mutex_);
    std::unique_lock<std::mutex> lock(mutex_);
    job_ = &job;
    count_ = count;
    next_ = 0;
    running_ = 0;
    abort_ = false;
    error_ = nullptr;
    finished_.clear();
    wake_.notify_all();
    std::exception_ptr error;
    while (true) {
        if (error_ && !error) error = error_;   // a failed job: no more completion callbacks
        if (!finished_.empty()) {
            const std::size_t i = finished_.front();
            finished_.pop_front();
            if (done && !error) {
                lock.unlock();
                try {
                    done(i);
                } catch (...) {
                    error = std::current_exception();
                }
                lock.lock();
                if (error) abort_ = true;
            }
            continue;
        }
        const bool all_handed_out = next_ >= count_ || abort_;
        if (all_handed_out && running_ == 0) break;
        if (poll && !error) {
            done_cv_.wait_for(lock, std::chrono::milliseconds(5));
            if (finished_.empty()) {
                lock.unlock();
                try {
                    poll();
                } catch (...) {
                    error = std::current_exception();
                }
                lock.lock();
                if (error) abort_ = true;
            }
        } else {
            done_cv_.wait(lock);
        }
    }
    job_ = nullptr;
    if (!error && error_) error = error_;
    lock.unlock();
    if (error) std::rethrow_exception(error);
}

void CpuWorkerPool::loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stop_ || (job_ && !abort_ && next_ < count_); });
        if (stop_) return;
        const std::size_t i = next_++;
        ++running_;
        const auto* job = job_;
        lock.unlock();
        std::exception_ptr err;
        try {
            c10::InferenceMode guard;
            (*job)(i);
        } catch (...) {
            err = std::current_exception();
        }
        lock.lock();
        --running_;
        if (err) {
            if (!error_) error_ = err;
            abort_ = true;
        } else {
            finished_.push_back(i);
        }
        done_cv_.notify_all();
    }
}

void setBlasThreads(int n) {
    using Fn = void (*)(int);
    static const Fn fn = reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (fn) fn(n);
}

}  // namespace stylemix
