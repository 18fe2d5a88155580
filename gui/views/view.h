// A view (a tab of the main area) owns its whole round trip: it builds the
// jobs it needs from the panels' state, takes the worker's results for them
// (uploading its own textures) and draws itself. The app only collects the
// visible views' jobs into one RenderRequest and routes each result back by
// the view's id (gui/view_host.h). Adding a view: a folder under gui/views/
// with a View subclass, and one line in gui/views/view_registry.cpp. A view
// is a tab of its own, or docked under another view's tab (dockedUnder).
#pragma once

#include "gui/gl/texture_store.h"
#include "gui/panels/export_panel.h"
#include "gui/panels/panels.h"
#include "gui/panels/status_bar.h"
#include "gui/views/canvas.h"
#include "model/core/worker_protocol.h"

#include <optional>
#include <string>
#include <vector>

namespace stylemix::gui {

// What a view may read and change while it draws.
struct ViewFrame {
    ViewFrame(Panels& p, ExportState& e, TextureStore& t) : panels(p), exports(e), textures(t) {}
    Panels& panels;
    ExportState& exports;              // the Export dialog and the status line's message
    TextureStore& textures;
    const ModelFacts* facts = nullptr; // null: no model yet
    bool loading = false;              // a model is loading
    float progress = 0.f;              // of the worker's current job
    std::optional<std::string> show_view;   // out: the id of a view to switch to
    bool busy = false;                      // out: keep drawing frames (an action lands next frame)
    double redraw_in_s = 0;                 // out: > 0: draw a frame within this many seconds (playback, polling)
    std::string error;                      // out: shown in the error dialog (non-empty)
};

class View {
public:
    virtual ~View() = default;
    virtual const char* id() const = 0;      // keys its jobs and results ("grid", "lab")
    virtual const char* title() const = 0;   // its tab's label
    // A view drawn under another view, in that view's tab (the id of that
    // view), instead of in a tab of its own; null: a tab. Docked views are
    // visible (ask for jobs, draw) while their tab is.
    virtual const char* dockedUnder() const { return nullptr; }
    // A docked view's height under its tab's view, given the tab's whole area.
    virtual float dockHeight(const ViewFrame& /*frame*/, ImVec2 /*avail*/) const { return 0.f; }
    // The first of its kSlotsPerView image slots and canvas ids (views/canvas.h).
    virtual std::uint32_t slotBase() const = 0;

    // The jobs the panels' state asks of this view now (none: nothing to render).
    virtual std::vector<ViewJob> buildRequest(const Panels& panels, const ModelFacts& facts) = 0;
    // Whether the complete result of exactly `job` is on screen (it is then not rendered again).
    virtual bool shows(const ViewJob& job) const = 0;
    // These of its jobs went to the worker (empty: none of this view's jobs is in flight now).
    virtual void submitted(const std::vector<ViewJob>& jobs) = 0;
    // A result for one of its jobs of the newest request (partial or final); uploads its textures.
    virtual void accept(WorkerResult&& result, TextureStore& textures) = 0;
    // One of its jobs of the newest request failed (result.error; the payload's
    // alternative names the job's kind). The app shows the error itself.
    virtual void failed(const WorkerResult& /*result*/) {}
    // Each frame before the panels draw, visible or not: applies what the
    // last frame's draw chose (a menu entry), so the panels fit themselves to
    // it before this frame's request is built.
    virtual void prepare(ViewFrame& /*frame*/) {}
    // Draws the tab's contents; runs only while the view is the visible one.
    virtual void draw(ViewFrame& frame, CanvasFrame& canvases) = 0;
    // A new model is loaded: nothing the view shows belongs to it.
    virtual void modelChanged() = 0;

    // Its part of the Export dialog's sources and of the status bar.
    virtual void addExportSources(ExportSources& /*sources*/) const {}
    virtual void addStatus(StatusInfo& /*status*/) const {}
};

}  // namespace stylemix::gui
