// Motion as a view (gui/views/view.h): the paper's video in the explorer. From
// the grid's state and the selected tile it asks for an animation's frames
// (an AnimationRequest: a noise cycle of the selected face, a crossover sweep
// of the selected cell, or a latent walk between two grid sources), uploads
// them as they come (partial results hold every frame so far) and plays them
// at the chosen fps from those textures, waking the app only when the frame
// changes. Stop drops the request (the worker stops); the frames so far keep
// playing. Export runs `stylemix animate` on the animation's recipe as a child
// process (motion_export.h), with its progress and Cancel.
#pragma once

#include "gui/views/motion/motion_export.h"
#include "gui/views/motion/motion_request.h"
#include "gui/views/motion/motion_slots.h"
#include "gui/views/motion/motion_view.h"
#include "gui/views/motion/playback.h"
#include "gui/views/view.h"

#include <memory>
#include <optional>

namespace stylemix::gui {

class MotionTab final : public View {
public:
    static constexpr const char* kId = "motion";
    MotionTab();
    ~MotionTab() override;
    const char* id() const override { return kId; }
    const char* title() const override { return "Motion"; }
    std::uint32_t slotBase() const override { return MotionSlot::kBase; }

    std::vector<ViewJob> buildRequest(const Panels& panels, const ModelFacts& facts) override;
    bool shows(const ViewJob& job) const override;
    void submitted(const std::vector<ViewJob>& jobs) override;
    void accept(WorkerResult&& result, TextureStore& textures) override;
    void failed(const WorkerResult& result) override;
    void prepare(ViewFrame& frame) override;
    void draw(ViewFrame& frame, CanvasFrame& canvases) override;
    void modelChanged() override;

    MotionState& state() { return state_; }
    const PlaybackFrames& frames() const { return frames_; }
    const PlaybackClock& clock() const { return clock_; }
    // Where the CLI is (cliExecutablePath() unless a test points elsewhere).
    void setCliPath(std::string path) { cli_path_ = std::move(path); }
    // Starts exporting the current settings' animation to `path` (the dialog's Export).
    void startExport(ViewFrame& frame, const std::string& path);
    bool exporting() const { return export_ != nullptr; }
    // The harness's --export-motion: startExport at the next prepare().
    void requestExport(std::string path) { pending_export_ = std::move(path); }
    bool exportBusy() const { return export_ || pending_export_; }

private:
    bool inFlight() const { return submitted_ && !(submitted_ == done_); }
    // Takes the frames [first, last) of `animation` into their textures.
    void upload(const AnimationResult& animation, TextureStore& textures);
    void applyEvents(const MotionViewEvents& events, ViewFrame& frame, double now);
    void pollExport(ViewFrame& frame);

    MotionState state_;
    MotionViewState view_;
    std::optional<AnimationRequest> built_;       // what the settings ask for now
    std::optional<AnimationRequest> submitted_;   // in flight (or done)
    std::optional<AnimationRequest> done_;        // whose frames are all on screen
    std::optional<AnimationRequest> stopped_;     // the user stopped it: not asked again until the settings change
    std::optional<AnimationRequest> failed_;      // its job failed: not asked again until the settings change
    std::string error_;
    PlaybackFrames frames_;                       // which frames the textures hold
    PlaybackClock clock_;
    std::string cli_path_;
    std::unique_ptr<MotionExport> export_;
    std::optional<std::string> pending_export_;
};

}  // namespace stylemix::gui
