#include "model/core/worker_mailbox.h"

namespace stylemix {

std::uint64_t WorkerMailbox::submitLoad(const LoadRequest& request) {
    std::function<void()> wake;
    std::uint64_t generation = 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        generation = next_generation_++;
        load_generation_ = generation;
        if (refusal_.empty()) {
            pending_load_ = std::make_pair(request, generation);
        } else {
            WorkerResult failed;
            failed.kind = WorkerResult::Kind::Load;
            failed.generation = generation;
            failed.error = refusal_;
            pushResult(std::move(failed));
            wake = wake_;
        }
    }
    cv_.notify_all();
    if (wake) wake();
    return generation;
}

std::uint64_t WorkerMailbox::submitRender(const RenderRequest& request) {
    std::uint64_t generation = 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        generation = next_generation_++;
        render_generation_ = generation;
        // Replaces any older pending render; with no worker ever (refused) nothing renders, as with no model.
        if (refusal_.empty()) pending_render_ = std::make_pair(request, generation);
    }
    cv_.notify_all();
    return generation;
}

std::optional<WorkerResult> WorkerMailbox::poll() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (results_.empty()) return std::nullopt;
    WorkerResult r = std::move(results_.front());
    results_.pop_front();
    return r;
}

std::shared_ptr<const ModelFacts> WorkerMailbox::facts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return facts_;
}

void WorkerMailbox::setFacts(std::shared_ptr<const ModelFacts> facts) {
    std::lock_guard<std::mutex> lock(mutex_);
    facts_ = std::move(facts);
}

void WorkerMailbox::setWake(std::function<void()> wake) {
    std::lock_guard<std::mutex> lock(mutex_);
    wake_ = std::move(wake);
}

std::optional<WorkerMailbox::Work> WorkerMailbox::take() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [this] { return stopped_.load() || pending_load_ || pending_render_; });
    if (stopped_) return std::nullopt;
    Work work;
    if (pending_load_) work.load = std::exchange(pending_load_, std::nullopt);
    else work.render = std::exchange(pending_render_, std::nullopt);
    return work;
}

bool WorkerMailbox::idle() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return !stopped_ && !pending_load_ && !pending_render_;
}

bool WorkerMailbox::waitForWork(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, timeout, [this] { return stopped_.load() || pending_load_ || pending_render_; });
}

bool WorkerMailbox::renderSuperseded(std::uint64_t generation) const {
    return stopped_.load() || render_generation_.load() != generation || load_generation_.load() > generation;
}

bool WorkerMailbox::loadSuperseded(std::uint64_t generation) const {
    return stopped_.load() || load_generation_.load() != generation;
}

void WorkerMailbox::publish(WorkerResult result) {
    std::function<void()> wake;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        pushResult(std::move(result));
        wake = wake_;
    }
    if (wake) wake();
}

void WorkerMailbox::pushResult(WorkerResult result) {
    // A newer part of the same job makes an undelivered older partial redundant,
    // once what only that partial carried is folded in.
    if (result.kind == WorkerResult::Kind::Render && result.error.empty()) {
        for (auto it = results_.begin(); it != results_.end();) {
            if (it->partial && it->error.empty() && it->generation == result.generation && sameJob(*it, result)) {
                absorbOlderPartial(result, std::move(*it));
                it = results_.erase(it);
            } else {
                ++it;
            }
        }
    }
    results_.push_back(std::move(result));
}

void WorkerMailbox::stop() {
    stopped_ = true;
    {
        std::lock_guard<std::mutex> lock(mutex_);   // so a waiting take() cannot miss the flag
    }
    cv_.notify_all();
}

void WorkerMailbox::attachContent(const std::string& path, std::shared_ptr<const RawWeights> content) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (content && pending_load_ && pending_load_->first.path == path) pending_load_->first.content = std::move(content);
}

void WorkerMailbox::refuse(const std::string& error) {
    std::function<void()> wake;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        state_ = WorkerState::Stopped;   // before the answer: whoever reads it sees the state too
        refusal_ = error.empty() ? std::string("the render worker could not be made") : error;
        if (pending_load_) {
            WorkerResult failed;
            failed.kind = WorkerResult::Kind::Load;
            failed.generation = pending_load_->second;
            failed.error = refusal_;
            pushResult(std::move(failed));
        }
        pending_load_.reset();
        pending_render_.reset();
        wake = wake_;
    }
    if (wake) wake();
}

}  // namespace stylemix
