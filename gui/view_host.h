// The app's side of the worker: one WorkerClient (one mailbox, one generation
// counter), the loads, and the views' round trips. Each frame the app hands it
// the visible views; it collects their jobs into one RenderRequest, submits
// it when it differs from the last (dropping jobs already on screen), and
// routes each result of the newest request back to its view by id. UI thread only.
#pragma once

#include "gui/views/view.h"
#include "model/core/worker_protocol.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

class ViewHost {
public:
    explicit ViewHost(std::vector<std::unique_ptr<View>> views);

    void attach(std::unique_ptr<WorkerClient> worker);
    void detach() { worker_.reset(); }   // stops the worker (joins its thread)
    WorkerClient& worker() { return *worker_; }
    const WorkerClient& worker() const { return *worker_; }

    const std::vector<std::unique_ptr<View>>& views() const { return views_; }
    View* find(const std::string& id) const;
    // The view of tab `tab` and the views docked under it, in registry order
    // (what is visible while that tab is); empty for an unknown or a docked id.
    std::vector<View*> tabViews(const std::string& tab) const;
    // The tab that shows view `id`: its own, or that of the view it is docked under.
    std::string tabOf(const std::string& id) const;
    template <class V> V* find() const {
        for (const auto& v : views_)
            if (auto* found = dynamic_cast<V*>(v.get())) return found;
        return nullptr;
    }

    // Loads.
    void load(const LoadRequest& request);
    bool loading() const { return loading_; }
    const std::string& loadingPath() const { return loading_path_; }

    // Submits what `visible` asks for now, if it changed (renders wait for the model they are meant for).
    void update(const std::vector<View*>& visible, const Panels& panels, const ModelFacts* facts);
    // Hands every waiting result to its view; a load's result (of the newest
    // load) and render errors (once per distinct message) go to the callers.
    // Returns how many results came.
    int drain(TextureStore& textures, const std::function<void(WorkerResult&)>& on_load,
              const std::function<void(const std::string&)>& on_render_error);
    // A model was loaded: views reset, nothing in flight counts any more.
    void modelChanged();

    bool inFlight() const;   // a submitted render job is not on screen yet
    // Every job the visible views asked for last is on screen.
    bool upToDate() const;

private:
    View* owner(const ViewJob& job) const { return find(job.view); }

    std::vector<std::unique_ptr<View>> views_;
    std::unique_ptr<WorkerClient> worker_;
    bool loading_ = false;
    std::uint64_t load_generation_ = 0;
    std::string loading_path_;
    std::optional<RenderRequest> last_desired_;   // what the visible views asked for last
    RenderRequest submitted_;                     // what went out (jobs not on screen then)
    std::uint64_t submitted_generation_ = 0;
    std::string last_error_;
};

}  // namespace stylemix::gui
