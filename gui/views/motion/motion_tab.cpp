#include "gui/views/motion/motion_tab.h"

#include "gui/views/strip/strip_request.h"

#include <imgui.h>

#include <filesystem>

namespace stylemix::gui {
namespace {

constexpr double kExportPollS = 0.1;   // while the CLI runs, the app wakes this often to show its progress

// Asks for a frame within `seconds`, keeping an earlier ask.
void redrawWithin(ViewFrame& frame, double seconds) {
    if (frame.redraw_in_s <= 0 || seconds < frame.redraw_in_s) frame.redraw_in_s = seconds;
}

}  // namespace

MotionTab::MotionTab() : cli_path_(cliExecutablePath()) {}
MotionTab::~MotionTab() = default;

std::vector<ViewJob> MotionTab::buildRequest(const Panels& panels, const ModelFacts& facts) {
    const MotionPlan plan = buildMotionPlan(state_, panels.states(), facts);
    built_ = plan.spec ? std::optional<AnimationRequest>(playbackRequest(*plan.spec)) : std::nullopt;
    if (stopped_ && !(stopped_ == built_)) stopped_.reset();
    if (failed_ && !(failed_ == built_)) failed_.reset();
    if (!built_ || built_ == stopped_ || built_ == failed_) return {};
    return {ViewJob{kId, *built_}};
}

bool MotionTab::shows(const ViewJob& job) const {
    const auto* animation = std::get_if<AnimationRequest>(&job.request);
    return animation && done_ == *animation;
}

void MotionTab::submitted(const std::vector<ViewJob>& jobs) {
    submitted_.reset();
    for (const ViewJob& job : jobs)
        if (const auto* animation = std::get_if<AnimationRequest>(&job.request)) submitted_ = *animation;
}

void MotionTab::accept(WorkerResult&& result, TextureStore& textures) {
    const AnimationResult* animation = result.as<AnimationResult>();
    if (!animation || !submitted_) return;
    upload(*animation, textures);
    if (!result.partial) done_ = submitted_;
}

// Only frames not uploaded yet go up: a partial result repeats every frame so far.
void MotionTab::upload(const AnimationResult& animation, TextureStore& textures) {
    const PlaybackFrames::Upload up = frames_.accept(*submitted_, static_cast<int>(animation.frames.size()));
    for (int i = up.first; i < up.last; ++i)
        if (animation.frames[i]) textures.put({MotionSlot::Frame, i, 0}, *animation.frames[i]);
    if (up.replaced) textures.trim(MotionSlot::Frame, up.last, 1);
}

void MotionTab::failed(const WorkerResult& result) {
    if (!result.as<AnimationResult>()) return;
    failed_ = submitted_;
    error_ = result.error;
}

void MotionTab::modelChanged() {
    built_.reset();
    submitted_.reset();
    done_.reset();
    stopped_.reset();
    failed_.reset();
    error_.clear();
    frames_.clear();
}

void MotionTab::prepare(ViewFrame& frame) {
    if (pending_export_) startExport(frame, *std::exchange(pending_export_, std::nullopt));
    if (export_) pollExport(frame);
}

void MotionTab::draw(ViewFrame& frame, CanvasFrame& canvases) {
    const double now = ImGui::GetTime();
    const int held = frames_.count();
    const int total = frames_.request() ? frames_.request()->spec.frames : 0;
    MotionViewInput in;
    in.facts = frame.facts;
    in.held = held;
    in.total = total;
    in.shown = clock_.frameAt(now, held, total, state_.fps, state_.loop);
    in.playing = clock_.playing();
    in.stale = held > 0 && !(frames_.request() == built_);
    in.rendering = inFlight();
    in.stopped = stopped_.has_value() && stopped_ == built_;
    if (failed_ && failed_ == built_) in.error = error_;
    MixRequest grid;
    if (frame.facts) {
        const PanelStates panels = frame.panels.states();
        grid = buildMixRequest(panels, *frame.facts);
        in.grid = &grid;
        in.max_frames = maxPlaybackFrames(frame.facts->img_resolution);
        const MotionPlan plan = buildMotionPlan(state_, panels, *frame.facts);
        in.blocked = plan.blocked;
        in.description = describeMotion(state_, panels, *frame.facts);
        const Source* from = stripEndSource(state_.walk_from, grid);
        const Source* to = stripEndSource(state_.walk_to, grid);
        if (from && to) in.z_blocked = stripZBlocked(*from, *to);
    }
    in.export_blocked = !in.blocked.empty() ? in.blocked : export_ ? "An export is running." : std::string();
    if (export_) {
        in.exporting = true;
        in.export_done = export_->done();
        in.export_total = export_->total();
        in.export_name = std::filesystem::path(export_->path()).filename().string();
    }
    const MotionViewEvents events = drawMotionView(state_, view_, in, canvases);
    applyEvents(events, frame, now);
    if (const auto next = clock_.nextChange(now, state_.fps); next && held > 0) redrawWithin(frame, *next);
}

void MotionTab::applyEvents(const MotionViewEvents& events, ViewFrame& frame, double now) {
    const int total = frames_.request() ? frames_.request()->spec.frames : 0;
    if (events.toggle_play) clock_.setPlaying(!clock_.playing(), now, total);
    if (events.seek) clock_.seek(*events.seek, now);
    if (events.stop_render && built_) stopped_ = built_;
    if (events.resume_render) {
        stopped_.reset();
        failed_.reset();
    }
    if (events.export_to) startExport(frame, *events.export_to);
    if (events.cancel_export && export_) export_->cancel();
}

void MotionTab::startExport(ViewFrame& frame, const std::string& path) {
    if (export_) return;
    const MotionPlan plan = frame.facts ? buildMotionPlan(state_, frame.panels.states(), *frame.facts)
                                        : MotionPlan{std::nullopt, "No model loaded."};
    const std::string blocked = plan.spec ? motionFormatBlocked(motionFormatOf(path), static_cast<int>(plan.spec->fps)) : plan.blocked;
    if (!blocked.empty()) {
        frame.error = "Nothing to export as an animation: " + blocked;
        return;
    }
    try {
        export_ = std::make_unique<MotionExport>(cli_path_, recipeToJson(motionRecipe(*plan.spec, *frame.facts)), path);
        frame.exports.message = "exporting " + std::filesystem::path(path).filename().string() + "...";
        frame.exports.message_is_error = false;
        redrawWithin(frame, kExportPollS);
    } catch (const std::exception& e) {
        frame.error = std::string("Exporting the animation failed:\n") + e.what();
    }
}

// The export's progress; its outcome goes to the status line, or its error to the error dialog.
void MotionTab::pollExport(ViewFrame& frame) {
    switch (export_->poll()) {
    case MotionExport::State::Running: redrawWithin(frame, kExportPollS); return;
    case MotionExport::State::Written:
        frame.exports.message = "saved " + export_->path() + " with its recipe";
        frame.exports.message_is_error = false;
        break;
    case MotionExport::State::Cancelled:
        frame.exports.message = "export cancelled: " + std::filesystem::path(export_->path()).filename().string() +
                                " not written";
        frame.exports.message_is_error = false;
        break;
    case MotionExport::State::Failed:
        frame.exports.message = "export failed";
        frame.exports.message_is_error = true;
        frame.error = "Exporting " + export_->path() + " failed:\n" + export_->error();
        break;
    }
    export_.reset();
}

}  // namespace stylemix::gui
