// Panels driven headlessly: press their buttons and edit their state, then
// check the render request the app would submit.
#include "imgui_harness.h"

#include "gui/panels/mixing_panel.h"
#include "gui/panels/model_panel.h"
#include "gui/panels/noise_panel.h"
#include "gui/panels/panels.h"
#include "gui/request_builder.h"
#include "gui/panels/sources_panel.h"

#include <gtest/gtest.h>

#include <numeric>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;
using test::makeFacts;

std::vector<int> iota(int begin, int end) {
    std::vector<int> v(static_cast<std::size_t>(end - begin));
    std::iota(v.begin(), v.end(), begin);
    return v;
}

// What the grid and the lab would ask for (GridTab / LabTab build the same).
struct Asked {
    std::optional<MixRequest> mix;
    std::optional<NoiseLabRequest> lab;
    std::optional<SplitRequest> split;
    bool operator==(const Asked& o) const { return mix == o.mix && lab == o.lab && split == o.split; }
    bool operator!=(const Asked& o) const { return !(*this == o); }
};

struct TestPanels : Panels {
    Asked request(const ModelFacts& facts, bool grid = true, bool lab_visible = false) const {
        Asked asked;
        if (grid) asked.mix = buildMixRequest(states(), facts);
        if (!lab_visible) return asked;
        const LabJobs lab_jobs = buildLabJobs(states(), facts);
        asked.lab = lab_jobs.lab;
        asked.split = lab_jobs.split;
        return asked;
    }
};

class PanelTest : public ::testing::Test {
protected:
    ImGuiHarness ui;
    TestPanels p;
};

// ---- Style mixing ------------------------------------------------------------

TEST_F(PanelTest, FinePresetTakesWs8ToNumWsFromColumns) {
    for (int resolution : {64, 256, 1024}) {
        const ModelFacts facts = makeFacts(resolution);
        TestPanels panels;
        ui.press({"mixing"}, "Fine");
        ui.frame([&] { drawMixingPanel(panels.mixing, panels.sources, &facts); });
        const Asked r = panels.request(facts);
        ASSERT_TRUE(r.mix);
        EXPECT_EQ(r.mix->styles, iota(8, facts.num_ws)) << "resolution " << resolution;
        EXPECT_TRUE(r.mix->row_styles.empty());
    }
}

TEST_F(PanelTest, BandPresetsMatchThePaper) {
    const ModelFacts facts = makeFacts(256);   // 14 ws
    const std::pair<const char*, std::vector<int>> cases[] = {
        {"Coarse", iota(0, 4)}, {"Middle", iota(4, 8)}, {"Fine", iota(8, 14)}, {"All", iota(0, 14)}};
    for (const auto& [button, styles] : cases) {
        ui.press({"mixing"}, button);
        ui.frame([&] { drawMixingPanel(p.mixing, p.sources, &facts); });
        EXPECT_EQ(p.request(facts).mix->styles, styles) << button;
    }
}

TEST_F(PanelTest, DefaultIsCoarseWithStyleMixingPySeeds) {
    const ModelFacts facts = makeFacts(64);
    ui.frame([&] { drawMixingPanel(p.mixing, p.sources, &facts); });
    const MixRequest mix = *p.request(facts).mix;
    EXPECT_EQ(mix.styles, iota(0, 4));
    ASSERT_EQ(mix.rows.size(), 5u);
    ASSERT_EQ(mix.cols.size(), 4u);
    EXPECT_EQ(mix.rows[0].seed, 85u);
    EXPECT_EQ(mix.cols[3].seed, 293u);
    EXPECT_EQ(mix.rows[0].class_index, -1);
    EXPECT_EQ(mix.truncation, (Truncation{1.0, -1}));
    EXPECT_EQ(mix.noise, NoiseSpec{});
}

TEST_F(PanelTest, PaperLayoutUsesTheRowsTheUserHasAndSaysWhatItDid) {
    const ModelFacts facts = makeFacts(64);
    const std::vector<std::uint64_t> seeds = p.sources.rows.seeds();
    ui.press({"mixing"}, "Paper layout");
    ui.frame([&] { drawMixingPanel(p.mixing, p.sources, &facts); });
    const MixRequest mix = *p.request(facts).mix;
    ASSERT_EQ(mix.rows.size(), 5u);   // no row added
    EXPECT_EQ(p.sources.rows.seeds(), seeds);
    const std::vector<std::vector<int>> five = {iota(0, 4), iota(0, 4), iota(4, 8), iota(4, 8), iota(8, 10)};
    EXPECT_EQ(mix.row_styles, five);
    EXPECT_EQ(p.mixing.paper_note, "Per-row bands on your 5 rows: 2 coarse, 2 middle, 1 fine (seeds unchanged)");

    // With the paper's 6 rows it is the paper's Fig. 3: 3 coarse, 2 middle, 1 fine.
    MixingState six;
    applyPaperLayout(six, 6, facts);
    EXPECT_EQ(six.row_styles, (std::vector<std::vector<int>>{iota(0, 4), iota(0, 4), iota(0, 4), iota(4, 8),
                                                             iota(4, 8), iota(8, 10)}));

    // Switching band mode off goes back to the single set.
    p.mixing.per_row = false;
    EXPECT_TRUE(p.request(facts).mix->row_styles.empty());
}

TEST_F(PanelTest, PerRowBandsStartFromTheGlobalSelection) {
    const ModelFacts facts = makeFacts(64);
    p.mixing.styles = {1, 5, 7};
    ui.frame([&] { drawMixingPanel(p.mixing, p.sources, &facts); });
    ui.press({"mixing"}, "Per-row bands");
    ui.frame([&] { drawMixingPanel(p.mixing, p.sources, &facts); });
    ASSERT_TRUE(p.mixing.per_row);
    const MixRequest mix = *p.request(facts).mix;
    ASSERT_EQ(mix.row_styles.size(), 5u);
    for (const auto& row : mix.row_styles) EXPECT_EQ(row, (std::vector<int>{1, 5, 7}));
}

TEST_F(PanelTest, PresetsComeFromTheModelsFacts) {
    ModelFacts facts = makeFacts(64);   // 10 ws
    facts.coarse = {0, 2};              // a family with other bands
    facts.middle = {2, 6};
    facts.fine = {6, 10};
    for (const auto& [button, styles] : {std::pair<const char*, std::vector<int>>{"Coarse", iota(0, 2)},
                                         {"Middle", iota(2, 6)}, {"Fine", iota(6, 10)}}) {
        ui.press({"mixing"}, button);
        ui.frame([&] { drawMixingPanel(p.mixing, p.sources, &facts); });
        EXPECT_EQ(p.request(facts).mix->styles, styles) << button;
        EXPECT_EQ(bandName(bandOf(p.mixing.styles, facts)), std::string(button));
    }
    p.mixing.styles = {0, 1, 2};
    EXPECT_EQ(bandOf(p.mixing.styles, facts), Band::Custom);
}

TEST_F(PanelTest, CrossoverIsClampedToSmallerModels) {
    const ModelFacts facts = makeFacts(32);   // 8 ws
    p.mixing.styles = {1, 5, 9, 12};          // from a 256² model: ws the model lacks are dropped
    EXPECT_EQ(p.request(facts).mix->styles, (std::vector<int>{1, 5}));
    p.mixing.styles = iota(8, 14);            // nothing left: the model's coarse preset
    EXPECT_EQ(p.request(facts).mix->styles, iota(0, 4));
}

// ---- Sources -----------------------------------------------------------------

TEST_F(PanelTest, SeedListEditsReachTheRequest) {
    const ModelFacts facts = makeFacts(64);
    EXPECT_EQ(setSpec(p.sources.rows, "1,2,5-7"), "");
    EXPECT_EQ(addSeeds(p.sources.cols, "42"), "");
    moveSeed(p.sources.rows, 4, 0);
    removeSeed(p.sources.rows, 1);
    const MixRequest mix = *p.request(facts).mix;
    std::vector<std::uint64_t> rows;
    for (const Source& s : mix.rows) rows.push_back(s.seed);
    EXPECT_EQ(rows, (std::vector<std::uint64_t>{7, 2, 5, 6}));
    EXPECT_EQ(p.sources.rows.spec, "7,2,5-6");
    EXPECT_EQ(mix.cols.back().seed, 42u);
}

TEST_F(PanelTest, BadSpecKeepsTheLastGoodSeedsAndSaysWhy) {
    const auto before = p.sources.rows.seeds();
    EXPECT_NE(setSpec(p.sources.rows, "1,x"), "");
    EXPECT_NE(p.sources.rows.error.find("x"), std::string::npos) << p.sources.rows.error;
    EXPECT_EQ(p.sources.rows.seeds(), before);
    EXPECT_NE(addSeeds(p.sources.cols, "1-100"), "");   // more than 16
    EXPECT_EQ(p.sources.cols.items.size(), 4u);
}

TEST_F(PanelTest, RandomiseReplacesSeedsAndKeepsCount) {
    const auto before = p.sources.cols.seeds();
    randomiseSeeds(p.sources.cols, p.sources.rng);
    EXPECT_EQ(p.sources.cols.items.size(), before.size());
    EXPECT_NE(p.sources.cols.seeds(), before);
    for (auto s : p.sources.cols.seeds()) EXPECT_LT(s, SourcesState::kRandomSeedLimit);
}

TEST_F(PanelTest, RandomiseButtonWorks) {
    const ModelFacts facts = makeFacts(64);
    const auto before = p.sources.rows.seeds();
    ui.press({"sources", "rows"}, "Randomise");
    ui.frame([&] { drawSourcesPanel(p.sources, &facts); });
    EXPECT_NE(p.sources.rows.seeds(), before);
}

TEST_F(PanelTest, ClassesOnlyForConditionalModels) {
    p.sources.rows.items[0].class_index = 7;
    p.sources.rows.items[1].class_index = 99;
    EXPECT_EQ(p.request(makeFacts(64, 0)).mix->rows[0].class_index, -1);
    const MixRequest mix = *p.request(makeFacts(64, 10)).mix;
    EXPECT_EQ(mix.rows[0].class_index, 7);
    EXPECT_EQ(mix.rows[1].class_index, 9);   // clamped to c_dim - 1
    EXPECT_EQ(mix.rows[2].class_index, 0);   // unset -> class 0
    const ModelFacts conditional = makeFacts(64, 10);
    ui.frame([&] { drawSourcesPanel(p.sources, &conditional); });   // draws the class pickers
}

TEST_F(PanelTest, TruncationAndCutoff) {
    const ModelFacts facts = makeFacts(64);
    p.sources.psi = 0.7;
    p.sources.use_cutoff = true;
    p.sources.cutoff = 50;
    const MixRequest mix = *p.request(facts).mix;
    EXPECT_EQ(mix.truncation.psi, 0.7);
    EXPECT_EQ(mix.truncation.cutoff, 10);
}

// ---- Noise -------------------------------------------------------------------

TEST_F(PanelTest, NoisePresetsFollowFigure5) {
    const ModelFacts facts = makeFacts(256);   // layers at 4..256
    const auto& layers = facts.noise_layers;
    const auto fine = noisePresetGains(layers, NoisePreset::FineOnly);
    const auto coarse = noisePresetGains(layers, NoisePreset::CoarseOnly);
    for (std::size_t i = 0; i < layers.size(); ++i) {
        EXPECT_EQ(fine[i], layers[i].resolution >= 64 ? 1.f : 0.f) << layers[i].name;
        EXPECT_EQ(coarse[i], layers[i].resolution <= 32 ? 1.f : 0.f) << layers[i].name;
    }
    ui.press({"noise"}, "None");
    ui.frame([&] { drawNoisePanel(p.noise, &facts); });
    EXPECT_EQ(p.request(facts).mix->noise.multipliers, std::vector<float>(layers.size(), 0.f));
    ui.press({"noise"}, "All");
    ui.frame([&] { drawNoisePanel(p.noise, &facts); });
    EXPECT_TRUE(p.request(facts).mix->noise.multipliers.empty());   // all x1 = as trained
}

TEST_F(PanelTest, MasterGainMultipliesKnobs) {
    const ModelFacts facts = makeFacts(64);
    p.noise.fitTo(9);
    p.noise.gains[8] = 0.f;
    p.noise.gains[0] = 2.f;
    p.noise.master = 0.5f;
    const NoiseSpec spec = p.request(facts).mix->noise;
    ASSERT_EQ(spec.multipliers.size(), 9u);
    EXPECT_EQ(spec.multipliers[0], 1.f);
    EXPECT_EQ(spec.multipliers[1], 0.5f);
    EXPECT_EQ(spec.multipliers[8], 0.f);
}

TEST_F(PanelTest, ResampleKeepsEveryWAndChangesOnlyNoise) {
    const ModelFacts facts = makeFacts(64);
    const MixRequest before = *p.request(facts).mix;
    ui.press({"noise"}, "Resample (R)");
    ui.frame([&] { drawNoisePanel(p.noise, &facts); });
    const MixRequest after = *p.request(facts).mix;
    EXPECT_EQ(after.noise.mode, NoiseMode::Random);   // const noise has a single realisation
    EXPECT_EQ(after.rows, before.rows);
    EXPECT_EQ(after.cols, before.cols);
    EXPECT_EQ(after.styles, before.styles);
    EXPECT_EQ(after.truncation, before.truncation);
    p.noise.resample();
    EXPECT_NE(p.request(facts).mix->noise.seed, after.noise.seed);
}

// ---- Noise lab and the whole request --------------------------------------------

TEST_F(PanelTest, LabRequestFollowsTheSelectedCell) {
    const ModelFacts facts = makeFacts(64);
    p.lab.selection = {LabSelection::Kind::Cell, 1, 2};
    p.mixing.styles = {8, 9};
    p.lab.samples = 100;
    const Asked r = p.request(facts, false, true);
    EXPECT_FALSE(r.mix);   // the grid is not visible
    ASSERT_TRUE(r.lab && r.split);
    EXPECT_EQ(r.lab->subject.source.seed, 100u);
    ASSERT_TRUE(r.lab->subject.mix_with);
    EXPECT_EQ(r.lab->subject.mix_with->seed, 1789u);
    EXPECT_EQ(r.lab->subject.styles, iota(8, 10));
    EXPECT_EQ(r.lab->samples, 100);
    EXPECT_EQ(r.lab->noise.mode, NoiseMode::Random);
    EXPECT_EQ(r.split->left.multipliers, std::vector<float>{});                    // all layers
    EXPECT_EQ(r.split->right.multipliers, std::vector<float>(9, 0.f));            // no noise
    EXPECT_EQ(r.split->subject, r.lab->subject);
}

TEST_F(PanelTest, LabWithoutValidSelectionAsksForNothing) {
    const ModelFacts facts = makeFacts(64);
    EXPECT_FALSE(p.request(facts, false, true).lab);
    p.lab.selection = {LabSelection::Kind::Cell, 9, 0};   // row 9 of 5
    EXPECT_FALSE(p.request(facts, false, true).lab);
    p.lab.selection = {LabSelection::Kind::ColSource, 0, 3};
    const auto r = p.request(facts, false, true);
    ASSERT_TRUE(r.lab);
    EXPECT_EQ(r.lab->subject.source.seed, 293u);
    EXPECT_FALSE(r.lab->subject.mix_with);
}

TEST_F(PanelTest, SameStateGivesEqualRequestsSoNothingIsResubmitted) {
    const ModelFacts facts = makeFacts(64);
    ui.frame([&] {
        drawSourcesPanel(p.sources, &facts);
        drawMixingPanel(p.mixing, p.sources, &facts);
        drawNoisePanel(p.noise, &facts);
    });
    const Asked a = p.request(facts, true, true);
    ui.frame([&] {
        drawSourcesPanel(p.sources, &facts);
        drawMixingPanel(p.mixing, p.sources, &facts);
        drawNoisePanel(p.noise, &facts);
    });
    EXPECT_EQ(p.request(facts, true, true), a);
    p.sources.psi = 0.5;
    EXPECT_NE(p.request(facts, true, true), a);
}

// ---- Model panel ---------------------------------------------------------------

TEST_F(PanelTest, LoadButtonAsksForTheTypedPathWithDeviceAndPrecision) {
    ModelPanelState state;
    state.path = "/tmp/other.pkl";
    state.device = DeviceChoice::CPU;
    state.precision = PrecisionChoice::FP16Mixed;
    std::vector<std::string> recent = {"/a.safetensors"};
    ModelPanelView view;
    view.recent = &recent;
    std::optional<LoadRequest> asked;
    ui.press({"model"}, "Load");
    ui.frame([&] { asked = drawModelPanel(state, view); });
    ASSERT_TRUE(asked);
    EXPECT_EQ(*asked, (LoadRequest{"/tmp/other.pkl", DeviceChoice::CPU, PrecisionChoice::FP16Mixed}));
    ui.frame([&] { asked = drawModelPanel(state, view); });
    EXPECT_FALSE(asked);   // once per press
}

TEST_F(PanelTest, ModelPanelShowsFactsWhileLoading) {
    ModelPanelState state;
    const ModelFacts facts = makeFacts(64, 3);
    ModelPanelView view;
    view.facts = &facts;
    view.loading = true;
    view.progress = 0.5f;
    std::optional<LoadRequest> asked;
    ui.press({"model"}, "Load");   // disabled while loading
    ui.frame([&] { asked = drawModelPanel(state, view); });
    EXPECT_FALSE(asked);
}

}  // namespace
}  // namespace stylemix::gui
