#include "gui/view_host.h"

#include <algorithm>

namespace stylemix::gui {

ViewHost::ViewHost(std::vector<std::unique_ptr<View>> views) : views_(std::move(views)) {}

void ViewHost::attach(std::unique_ptr<WorkerClient> worker) { worker_ = std::move(worker); }

View* ViewHost::find(const std::string& id) const {
    for (const auto& v : views_)
        if (id == v->id()) return v.get();
    return nullptr;
}

std::vector<View*> ViewHost::tabViews(const std::string& tab) const {
    std::vector<View*> out;
    const View* host = find(tab);
    if (!host || host->dockedUnder()) return out;
    for (const auto& v : views_)
        if (v.get() == host || (v->dockedUnder() && tab == v->dockedUnder())) out.push_back(v.get());
    return out;
}

std::string ViewHost::tabOf(const std::string& id) const {
    const View* view = find(id);
    return view && view->dockedUnder() ? view->dockedUnder() : id;
}

void ViewHost::load(const LoadRequest& request) {
    loading_ = true;
    loading_path_ = request.path;
    load_generation_ = worker_->submitLoad(request);
}

void ViewHost::update(const std::vector<View*>& visible, const Panels& panels, const ModelFacts* facts) {
    if (!facts || loading_ || facts->num_ws <= 0) return;
    RenderRequest desired;
    for (View* view : visible)
        for (ViewJob& job : view->buildRequest(panels, *facts)) desired.jobs.push_back(std::move(job));
    if (last_desired_ && *last_desired_ == desired) return;
    last_desired_ = desired;

    // Jobs already on screen are not rendered again; an empty request still
    // goes out when work is in flight, to cancel it (the user went back).
    RenderRequest todo;
    for (const ViewJob& job : desired.jobs)
        if (View* view = owner(job); view && !view->shows(job)) todo.jobs.push_back(job);
    if (todo.jobs.empty() && !inFlight()) {
        submitted_ = todo;
        return;
    }
    for (const auto& view : views_) {
        std::vector<ViewJob> mine;
        for (const ViewJob& job : todo.jobs)
            if (job.view == view->id()) mine.push_back(job);
        view->submitted(mine);
    }
    submitted_ = todo;
    submitted_generation_ = worker_->submitRender(todo);
    last_error_.clear();
}

int ViewHost::drain(TextureStore& textures, const std::function<void(WorkerResult&)>& on_load,
                    const std::function<void(const std::string&)>& on_render_error) {
    int count = 0;
    while (auto result = worker_->poll()) {
        ++count;
        if (result->kind == WorkerResult::Kind::Load) {
            if (result->generation != load_generation_) continue;   // a newer load replaced it
            loading_ = false;
            on_load(*result);
            continue;
        }
        if (result->generation != submitted_generation_) continue;   // only the newest request counts
        if (!result->error.empty()) {
            if (result->error != last_error_) on_render_error(result->error);
            last_error_ = result->error;
            if (View* view = find(result->view)) view->failed(*result);
            continue;
        }
        if (View* view = find(result->view)) view->accept(std::move(*result), textures);
    }
    return count;
}

void ViewHost::modelChanged() {
    for (const auto& view : views_) view->modelChanged();
    last_desired_.reset();
    submitted_ = RenderRequest{};
    submitted_generation_ = 0;   // anything still in flight was meant for the old model
}

bool ViewHost::inFlight() const {
    return std::any_of(submitted_.jobs.begin(), submitted_.jobs.end(), [&](const ViewJob& job) {
        const View* view = owner(job);
        return view && !view->shows(job);
    });
}

bool ViewHost::upToDate() const {
    if (loading_ || !last_desired_) return false;
    return std::all_of(last_desired_->jobs.begin(), last_desired_->jobs.end(), [&](const ViewJob& job) {
        const View* view = owner(job);
        return view && view->shows(job);
    });
}

}  // namespace stylemix::gui
