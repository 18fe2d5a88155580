// The noise lab's "By layer" display, headless: its one job for the lab's
// subject, the maps filling in as layers complete (placeholders until then),
// one colour scale, the geometry, and its export with a noise-by-layer recipe.
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/recipe_restore.h"
#include "gui/views/lab/by_layer_panel.h"
#include "gui/views/lab/lab_tab.h"
#include "model/core/noise_by_layer_figure.h"
#include "model/core/recipe.h"

#include <gtest/gtest.h>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;
using Kind = LabSelection::Kind;

test::Panels cellSelected() {
    test::Panels p;
    p.lab.selection = {Kind::Cell, 1, 2};
    p.noise.mode = NoiseMode::None;
    p.noise.seed = 7;
    return p;
}

// A result with the first `done` of `total` layers (maps left empty: nothing reaches GL headless).
WorkerResult byLayerResult(int done, int total, bool partial, float peak_step = 0.5f) {
    NoiseByLayerResult r;
    r.total_layers = total;
    r.samples = 16;
    for (int i = 0; i < done; ++i) {
        NoiseLayerStddev m;
        m.label = "layer " + std::to_string(i);
        m.peak = peak_step * (i + 1);
        r.layers.push_back(m);
    }
    WorkerResult w;
    w.view = LabTab::kId;
    w.partial = partial;
    w.payload = std::move(r);
    return w;
}

std::vector<CanvasDraw> mapDraws(const CanvasFrame& canvases) {
    for (const CanvasJob& job : canvases.jobs)
        if (job.id == ByLayerSlot::MapsCanvas) return job.draws;
    return {};
}

TEST(NoiseByLayerRequest, TheLabsSubjectWithTheNoisePanelsModeSeedAndK) {
    const ModelFacts facts = test::makeFacts();
    const test::Panels panels = cellSelected();
    const auto r = buildNoiseByLayerRequest(panels.states(), facts, 24);
    ASSERT_TRUE(r);
    const LabJobs lab = buildLabJobs(panels.states(), facts);
    ASSERT_TRUE(lab.lab);
    EXPECT_EQ(r->subject, lab.lab->subject);         // the same tile the lab studies
    EXPECT_EQ(r->noise.mode, NoiseMode::None);       // the other layers keep the panel's mode...
    EXPECT_EQ(r->noise.seed, 7u);                    // ...and the seed picks the realisations
    EXPECT_EQ(r->noise.multipliers, lab.lab->noise.multipliers);
    EXPECT_EQ(r->noise.only_layer, -1);
    EXPECT_EQ(r->samples, 24);
    EXPECT_EQ(buildNoiseByLayerRequest(panels.states(), facts, 1)->samples, ByLayerPanel::kMinSamples);
    EXPECT_EQ(buildNoiseByLayerRequest(panels.states(), facts, 9999)->samples, ByLayerPanel::kMaxSamples);
    EXPECT_FALSE(buildNoiseByLayerRequest(test::Panels{}.states(), facts, 16)) << "no tile selected";
    ModelFacts no_noise = facts;
    no_noise.noise_layers.clear();
    EXPECT_FALSE(buildNoiseByLayerRequest(panels.states(), no_noise, 16)) << "a model without noise inputs";
}

TEST(NoiseByLayerGeometry, LargestTilesThatFitThenFillTheWidth) {
    // Wide and tall: 9 maps in one row of 100 each beat 2 rows when the height allows only 100 either way.
    ByLayerGeometry g = byLayerGeometry(9 * 100 + 8 * 8, 140, 9, 40, 8, 60);
    EXPECT_EQ(g.per_row, 9);
    EXPECT_EQ(g.tile, 100);
    // Room for two rows of larger maps: 5 a row.
    g = byLayerGeometry(1500, 700, 9, 40, 8, 60);
    EXPECT_EQ(g.per_row, 5);
    EXPECT_GT(g.tile, 200);
    EXPECT_LE(g.per_row * g.tile + 4 * 8, 1500);
    EXPECT_LE(2 * (g.tile + 40) + 8, 700);
    // Too low for usable tiles: as many a row as fit at the usable size, filling the width (it scrolls).
    g = byLayerGeometry(420, 100, 9, 40, 8, 100);
    EXPECT_EQ(g.per_row, 3);
    EXPECT_EQ(g.tile, 134);
    // Narrower than one usable tile: one a row.
    g = byLayerGeometry(50, 100, 9, 40, 8, 100);
    EXPECT_EQ(g.per_row, 1);
    EXPECT_EQ(g.tile, 50);
}

TEST(NoiseByLayerTab, ByLayerAsksForItsOneJobOnly) {
    const ModelFacts facts = test::makeFacts();
    const test::Panels panels = cellSelected();
    LabTab lab;
    EXPECT_GE(lab.buildRequest(panels, facts).size(), 1u);   // the realisations: the lab's own jobs
    lab.showByLayer(true);
    lab.byLayer().samples = 12;
    const std::vector<ViewJob> jobs = lab.buildRequest(panels, facts);
    ASSERT_EQ(jobs.size(), 1u);
    const auto* r = std::get_if<NoiseByLayerRequest>(&jobs[0].request);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->samples, 12);
    EXPECT_EQ(jobs[0].view, std::string(LabTab::kId));
    EXPECT_FALSE(lab.shows(jobs[0]));
}

TEST(NoiseByLayerTab, MapsFillInAsLayersCompleteAndExportOnceDone) {
    ImGuiHarness ui;
    const ModelFacts facts = test::makeFacts();
    const int total = static_cast<int>(facts.noise_layers.size());
    for (int i = 0; i < total; ++i) ui.uploaded.insert(ImageKey{ByLayerSlot::Map, i, 0});
    test::Panels panels = cellSelected();
    ExportState exports;
    TextureStore textures;
    LabTab lab;
    lab.showByLayer(true);
    const std::vector<ViewJob> jobs = lab.buildRequest(panels, facts);
    lab.submitted(jobs);
    ViewFrame frame(panels, exports, textures);
    frame.facts = &facts;
    const auto drawOnce = [&] {
        CanvasFrame canvases = ui.canvases();
        ui.frame([&] { lab.draw(frame, canvases); }, ImVec2(1000, 700));
        return canvases;
    };
    // Three layers in: three maps on one scale, the rest placeholders; nothing to export yet.
    lab.accept(byLayerResult(3, total, true), textures);
    std::vector<CanvasDraw> draws = mapDraws(drawOnce());
    ASSERT_EQ(static_cast<int>(draws.size()), total);
    for (int i = 0; i < total; ++i) EXPECT_EQ(draws[i].pass, i < 3 ? PassKind::HeatMap : PassKind::Fill) << i;
    // One gain for all: the strip's peak so far (1.5 levels) at the top of the colour map.
    EXPECT_FLOAT_EQ(draws[0].gain, noiseByLayerGain(1.5f) / kStdDevTexelScale);
    EXPECT_FLOAT_EQ(draws[2].gain, draws[0].gain);
    ExportSources sources;
    sources.facts = &facts;
    lab.addExportSources(sources);
    EXPECT_FALSE(canExport(ExportKind::NoiseByLayer, sources));
    EXPECT_FALSE(lab.shows(jobs[0]));
    // All in: every map drawn, the scale now the last layer's larger peak.
    lab.accept(byLayerResult(total, total, false), textures);
    draws = mapDraws(drawOnce());
    for (const CanvasDraw& d : draws) EXPECT_EQ(d.pass, PassKind::HeatMap);
    EXPECT_FLOAT_EQ(draws[0].gain, noiseByLayerGain(0.5f * total) / kStdDevTexelScale);
    EXPECT_TRUE(lab.shows(jobs[0]));
    lab.addExportSources(sources);
    ASSERT_TRUE(canExport(ExportKind::NoiseByLayer, sources));
    const Recipe recipe = makeRecipe(ExportKind::NoiseByLayer, sources, false, 4);
    EXPECT_EQ(recipe.kind, RecipeKind::NoiseByLayer);
    ASSERT_TRUE(recipe.noise_by_layer);
    EXPECT_EQ(*recipe.noise_by_layer, std::get<NoiseByLayerRequest>(jobs[0].request));
    EXPECT_EQ(recipeFromJson(recipeToJson(recipe), "r.json").noise_by_layer, recipe.noise_by_layer);
    EXPECT_NE(suggestExportPath("/tmp", ExportKind::NoiseByLayer).find("stylemix-noisebylayer-"), std::string::npos);
    // A new model: nothing shown or exportable.
    lab.modelChanged();
    ExportSources after;
    after.facts = &facts;
    lab.addExportSources(after);
    EXPECT_FALSE(canExport(ExportKind::NoiseByLayer, after));
}

TEST(NoiseByLayerTab, NoStripWithoutNoiseOrSelection) {
    ImGuiHarness ui;
    ModelFacts facts = test::makeFacts();
    facts.noise_layers.clear();
    test::Panels panels = cellSelected();
    ExportState exports;
    TextureStore textures;
    LabTab lab;
    lab.showByLayer(true);
    EXPECT_TRUE(lab.buildRequest(panels, facts).empty());
    ViewFrame frame(panels, exports, textures);
    frame.facts = &facts;
    CanvasFrame canvases = ui.canvases();
    ui.frame([&] { lab.draw(frame, canvases); }, ImVec2(800, 600));
    EXPECT_TRUE(mapDraws(canvases).empty());   // the lab's "not available" text instead
}

// Dropping an exported strip (its recipe) onto the window restores its subject and noise and opens the lab.
TEST(NoiseByLayerRestore, TheSubjectAndNoiseComeBack) {
    const ModelFacts facts = test::makeFacts();
    Recipe r;
    r.kind = RecipeKind::NoiseByLayer;
    NoiseByLayerRequest nb;
    nb.subject.source = Source{1234};
    nb.subject.mix_with = Source{4321};
    nb.subject.styles = {4, 5};
    nb.noise.mode = NoiseMode::None;
    nb.noise.seed = 3;
    nb.samples = 20;
    r.noise_by_layer = nb;
    test::Panels panels;
    const RestoreOutcome out = applyRecipe(r, facts, panels.targets(), "strip.png");
    EXPECT_EQ(out.view, "lab");
    EXPECT_EQ(panels.lab.selection.kind, Kind::Cell);
    EXPECT_EQ(panels.noise.mode, NoiseMode::None);
    EXPECT_EQ(panels.noise.seed, 3u);
    const auto again = buildNoiseByLayerRequest(panels.states(), facts, 20);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->subject.source, nb.subject.source);
    EXPECT_EQ(again->subject.mix_with, nb.subject.mix_with);
    EXPECT_EQ(again->subject.styles, nb.subject.styles);
    EXPECT_EQ(again->noise.mode, NoiseMode::None);
    ModelFacts no_noise = facts;
    no_noise.noise_layers.clear();
    try {
        applyRecipe(r, no_noise, panels.targets(), "strip.png");
        ADD_FAILURE() << "restored onto a model without noise inputs";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("has no noise inputs"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace stylemix::gui
