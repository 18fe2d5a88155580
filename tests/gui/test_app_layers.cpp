// The Layers view in the whole App with a fake worker (no model library):
// opened on a cell with --layers, it asks for one LayerRequest, shows the
// three panels the worker returns, keeps them (dimmed) while a changed
// setting's result is still rendering, and then shows the new ones; an
// exported layer PNG, opened as a drop opens it, brings the view back. Run
// under xvfb-run by ctest, in test_app_fake_worker.
#include "gui/app.h"
#include "gui/app_options.h"
#include "gui/views/layers/layers_request.h"
#include "gui/views/layers/layers_tab.h"
#include "model/core/recipe.h"
#include "model/core/worker_protocol.h"
#include "model/io/image_io.h"
#include "tests/gui/imgui_harness.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <deque>
#include <filesystem>

namespace stylemix::gui {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

ImagePtr flat(int w, int h, std::array<std::uint8_t, 3> rgb) {
    Image im = makeImage(w, h, 3);
    for (std::size_t i = 0; i < im.pixels.size(); i += 3) std::copy(rgb.begin(), rgb.end(), im.pixels.begin() + i);
    return shareImage(std::move(im));
}

// The panels' colours for a request: A, B and the mix; another set once the gain is on.
std::array<std::array<std::uint8_t, 3>, 3> panelColours(const LayerRequest& r) {
    if (r.view.gain_db == 0) return {{{200, 0, 0}, {0, 200, 0}, {0, 0, 200}}};
    return {{{200, 200, 0}, {0, 200, 200}, {200, 0, 200}}};
}

// Answers a load with 64² StyleGAN2 facts that list a few layers, a grid with
// flat tiles, and a layer job with three flat 8x8 panels: at once for the
// first layer request, `hold` later for every other. `on_poll` runs on the UI
// thread each time the App polls (each frame), where the test acts as a user.
class LayerFakeWorker final : public WorkerClient {
public:
    LayerFakeWorker(std::function<void()> wake, std::function<void()> on_poll, std::chrono::milliseconds hold)
        : wake_(std::move(wake)), on_poll_(std::move(on_poll)), hold_(hold) {}
    std::vector<LayerRequest> layer_requests;

    std::uint64_t submitLoad(const LoadRequest&) override {
        ModelFacts f = test::makeFacts(64);
        f.activations = {{"b4.conv1", 512, 4, 4, 1}, {"b8.conv0", 512, 8, 8, 2}, {"output", 3, 64, 64, 13}};
        facts_ = std::make_shared<const ModelFacts>(std::move(f));
        WorkerResult r;
        r.kind = WorkerResult::Kind::Load;
        r.generation = ++generation_;
        r.facts = facts_;
        queue(std::move(r), Clock::now());
        return generation_;
    }
    std::uint64_t submitRender(const RenderRequest& request) override {
        ++generation_;
        for (const ViewJob& job : request.jobs) {
            WorkerResult r;
            r.generation = generation_;
            r.facts = facts_;
            r.view = job.view;
            Clock::time_point at = Clock::now();
            if (const auto* mix = std::get_if<MixRequest>(&job.request)) {
                MixResult m;
                m.row_images.assign(mix->rows.size(), flat(64, 64, {200, 0, 0}));
                m.col_images.assign(mix->cols.size(), flat(64, 64, {0, 200, 0}));
                m.cells.assign(mix->rows.size(), std::vector<ImagePtr>(mix->cols.size(), flat(64, 64, {0, 0, 200})));
                r.payload = std::move(m);
            } else if (const auto* layer = std::get_if<LayerRequest>(&job.request)) {
                if (!layer_requests.empty()) at += hold_;
                layer_requests.push_back(*layer);
                r.payload = layerResult(*layer);
            } else {
                continue;
            }
            queue(std::move(r), at);
        }
        return generation_;
    }
    std::optional<WorkerResult> poll() override {
        if (on_poll_) on_poll_();
        if (pending_.empty() || pending_.front().first > Clock::now()) return std::nullopt;
        WorkerResult r = std::move(pending_.front().second);
        pending_.pop_front();
        return r;
    }
    WorkerState state() const override { return WorkerState::Idle; }
    float progress() const override { return 0.5f; }
    std::shared_ptr<const ModelFacts> facts() const override { return facts_; }

private:
    static LayerResult layerResult(const LayerRequest& request) {
        LayerResult r;
        r.layer = request.layer;
        r.channels = 512;
        r.height = r.width = 8;
        const auto colours = panelColours(request);
        const char* labels[] = {"A", "B", "mix"};
        for (int i = 0; i < 3; ++i) r.panels.push_back(LayerPanel{labels[i], *flat(8, 8, colours[i])});
        r.channels_by_magnitude = {3, 1, 0, 2};
        r.fraction_differing = 0.5f;
        r.max_diff_from_a = 1.25f;
        return r;
    }
    void queue(WorkerResult r, Clock::time_point at) {
        pending_.emplace_back(at, std::move(r));
        wake_();
    }

    std::function<void()> wake_, on_poll_;
    std::chrono::milliseconds hold_;
    std::deque<std::pair<Clock::time_point, WorkerResult>> pending_;
    std::shared_ptr<const ModelFacts> facts_;
    std::uint64_t generation_ = 0;
};

// Pixels of `png` within 30 levels of `rgb`.
int countColour(const Image& png, std::array<std::uint8_t, 3> rgb) {
    int n = 0;
    for (std::size_t i = 0; i + 2 < png.pixels.size(); i += static_cast<std::size_t>(png.channels)) {
        bool near = true;
        for (int c = 0; c < 3; ++c) near = near && std::abs(png.pixels[i + c] - rgb[c]) < 30;
        n += near;
    }
    return n;
}

TEST(AppWithFakeWorker, TheLayersViewShowsAResultAndKeepsItDimmedWhileTheNextRenders) {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "app_fake_worker_layers";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string shot = (dir / "shot.png").string(), config = (dir / "config").string();
    const char* argv[] = {"stylemix-gui", "--no-ini", "--config-dir", config.c_str(), "--layers", "0,1", "--layer", "b8.conv0",
                          "--screenshot", shot.c_str(), "--frames", "6", "--timeout", "60"};
    bool exit_now = false;
    AppOptions options = parseAppOptions(static_cast<int>(std::size(argv)), argv, "/models/fake.safetensors", &exit_now);
    ASSERT_FALSE(exit_now);

    // The test's hand: once the first panels are on screen, turn the gain up; while that renders, look.
    App* app = nullptr;
    LayerFakeWorker* worker = nullptr;
    bool changed = false, saw_kept = false, saw_dimmed = false, lost_them = false;
    Clock::time_point changed_at;
    const auto on_poll = [&] {
        LayersTab* tab = app ? app->views().find<LayersTab>() : nullptr;
        if (!tab) return;
        if (!changed && tab->complete()) {
            tab->state().gain_db = 6;
            changed = true;
            changed_at = Clock::now();
            return;
        }
        if (!changed || worker->layer_requests.size() < 2 || tab->done() == worker->layer_requests.back()) return;
        // The second result is still rendering: the first one's panels stay.
        if (tab->shown().panels.size() != 3 || !(tab->done() == worker->layer_requests.front())) lost_them = true;
        else saw_kept = true;
        if (Clock::now() - changed_at > std::chrono::milliseconds(300) && tab->dim() > 0.f) saw_dimmed = true;
    };
    App instance(std::move(options), [&](std::function<void()> wake, int) {
        auto w = std::make_unique<LayerFakeWorker>(std::move(wake), on_poll, std::chrono::milliseconds(900));
        worker = w.get();
        return std::unique_ptr<WorkerClient>(std::move(w));
    });
    app = &instance;
    ASSERT_EQ(instance.run(), 0);
    app = nullptr;

    ASSERT_EQ(instance.visibleView(), LayersTab::kId) << "--layers opens on the view";
    ASSERT_NE(worker, nullptr);
    ASSERT_EQ(worker->layer_requests.size(), 2u);
    const LayerRequest& first = worker->layer_requests[0];
    EXPECT_EQ(first.layer, "b8.conv0") << "--layer";
    ASSERT_TRUE(first.subject.mix_with) << "--layers 0,1 is a cell: A, B and the mix";
    EXPECT_EQ(worker->layer_requests[1].view.gain_db, 6.f);
    EXPECT_TRUE(changed);
    EXPECT_TRUE(saw_kept) << "the first panels should stay on screen while the second result renders";
    EXPECT_FALSE(lost_them);
    EXPECT_TRUE(saw_dimmed) << "and be dimmed after the grace";

    // The screenshot shows the second result's three panels, large.
    const Image png = readPng(shot);
    for (const auto& colour : panelColours(worker->layer_requests[1]))
        EXPECT_GT(countColour(png, colour), 80 * 80) << int(colour[0]) << "," << int(colour[1]) << "," << int(colour[2]);
    EXPECT_LT(countColour(png, {0, 0, 200}), 100) << "the first result's mix is gone";
}

// A layer figure's PNG (its recipe inside), opened as a drop opens it
// (--restore: ModelSession::open), selects its cell and opens the Layers tab
// on its layer and display: the worker is asked for exactly the recipe's job.
TEST(AppWithFakeWorker, ADroppedLayerPngReopensTheLayersTabOnItsLayerAndDisplay) {
    const fs::path dir = fs::path(STYLEMIX_TEST_TMP) / "app_fake_worker_layer_restore";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string shot = (dir / "shot.png").string(), config = (dir / "config").string();
    const std::string png = (dir / "layer.png").string();

    ModelFacts facts = test::makeFacts(64);   // as LayerFakeWorker's
    facts.activations = {{"b4.conv1", 512, 4, 4, 1}, {"b8.conv0", 512, 8, 8, 2}, {"output", 3, 64, 64, 13}};
    Panels made;   // where the figure was made: cell (1, 0) of other seeds, random noise, psi 0.5
    ASSERT_TRUE(setSpec(made.sources.rows, "85,86", &facts).empty());
    ASSERT_TRUE(setSpec(made.sources.cols, "55", &facts).empty());
    made.sources.psi = 0.5f;
    made.noise.mode = NoiseMode::Random;
    made.noise.seed = 3;
    made.lab.selection = {LabSelection::Kind::Cell, 1, 0};
    LayersState view;
    view.layer = "b4.conv1";
    view.show = LayerShow::Channel;
    view.base_channel = 7;
    view.gain_db = 6;
    Recipe recipe;
    recipe.kind = RecipeKind::Layer;
    recipe.model_path = facts.path;
    recipe.model_sha256 = facts.sha256;
    recipe.layer = buildLayerRequest(view, made.states(), facts);
    ASSERT_TRUE(recipe.layer);
    exportFigure(png, *flat(8, 8, {10, 10, 10}), recipe);

    const char* argv[] = {"stylemix-gui", "--no-ini", "--config-dir", config.c_str(), "--restore", png.c_str(),
                          "--screenshot", shot.c_str(), "--timeout", "60"};
    bool exit_now = false;
    AppOptions options = parseAppOptions(static_cast<int>(std::size(argv)), argv, "/models/fake.safetensors", &exit_now);
    ASSERT_FALSE(exit_now);
    LayerFakeWorker* worker = nullptr;
    App app(std::move(options), [&](std::function<void()> wake, int) {
        auto w = std::make_unique<LayerFakeWorker>(std::move(wake), nullptr, std::chrono::milliseconds(0));
        worker = w.get();
        return std::unique_ptr<WorkerClient>(std::move(w));
    });
    ASSERT_EQ(app.run(), 0);

    EXPECT_EQ(app.visibleView(), LayersTab::kId);
    ASSERT_NE(worker, nullptr);
    ASSERT_FALSE(worker->layer_requests.empty());
    EXPECT_EQ(worker->layer_requests.back(), *recipe.layer) << "the figure's layer, subject, noise and display";
    EXPECT_EQ(app.views().find<LayersTab>()->state().show, LayerShow::Channel);
    const Image shown = readPng(shot);
    for (const auto& colour : panelColours(*recipe.layer))
        EXPECT_GT(countColour(shown, colour), 80 * 80) << int(colour[0]) << "," << int(colour[1]) << "," << int(colour[2]);
}

}  // namespace
}  // namespace stylemix::gui
