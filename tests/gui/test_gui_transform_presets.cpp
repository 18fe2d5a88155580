// The input-transform control (StyleGAN3) and the paper's Fig. 3 preset,
// headless: what they put in the render request and how recipes restore them.
#include "imgui_harness.h"
#include "gui/views/grid/grid_slots.h"

#include "gui/panels/mixing_panel.h"
#include "gui/panels/panels.h"
#include "gui/recipe_restore.h"
#include "gui/request_builder.h"
#include "gui/panels/sources_panel.h"
#include "model/core/paper_presets.h"

#include <gtest/gtest.h>

namespace stylemix::gui {
namespace {

using test::makeFacts;

struct TestPanels : Panels {
    MixRequest mix(const ModelFacts& f) const { return buildMixRequest(states(), f); }
};

ModelFacts transformableFacts() {
    ModelFacts f = makeFacts(64);
    f.family = "stylegan3";
    f.family_label = "StyleGAN3-T";
    f.has_input_transform = true;
    f.noise_layers.clear();
    f.noise_strengths.clear();
    f.noise_modes.clear();
    return f;
}

TEST(InputTransform, GoesIntoEveryRequestOnlyWhenSetAndSupported) {
    TestPanels p;
    const ModelFacts sg3 = transformableFacts();
    EXPECT_FALSE(p.mix(sg3).transform) << "identity = the model's stored transform";
    p.sources.transform = InputTransform{0.25, -0.5, 30.0};
    const MixRequest moved = p.mix(sg3);
    ASSERT_TRUE(moved.transform);
    EXPECT_EQ(*moved.transform, (InputTransform{0.25, -0.5, 30.0}));
    // The lab subject carries it as well.
    const auto subject = buildLabSubject({LabSelection::Kind::Cell, 0, 0}, moved);
    ASSERT_TRUE(subject);
    EXPECT_EQ(subject->transform, moved.transform);
    // A family without a transformable input never gets one.
    EXPECT_FALSE(p.mix(makeFacts(64)).transform);
}

TEST(InputTransform, AChangeChangesEveryTile) {
    TestPanels p;
    const ModelFacts sg3 = transformableFacts();
    const MixRequest before = p.mix(sg3);
    p.sources.transform.rotate_deg = 10;
    const MixRequest after = p.mix(sg3);
    for (const ImageKey key : {ImageKey{GridSlot::RowSource, 0, 0}, ImageKey{GridSlot::ColSource, 0, 1},
                               ImageKey{GridSlot::Cell, 1, 2}})
        EXPECT_TRUE(tileChanges(before, after, key));
    EXPECT_FALSE(tileChanges(after, after, ImageKey{GridSlot::Cell, 1, 2}));
}

TEST(InputTransform, PanelShowsItOnlyForTransformableModelsAndResets) {
    test::ImGuiHarness ui;
    SourcesState s;
    const ModelFacts sg2 = makeFacts(64);
    const ModelFacts sg3 = transformableFacts();
    s.transform = InputTransform{1, 1, 45};
    // No control for StyleGAN2: pressing "Reset transform" finds nothing.
    ui.frame([&] { drawSourcesPanel(s, &sg2); });
    ui.press({"sources"}, "Reset transform");
    ui.frame([&] { drawSourcesPanel(s, &sg2); });
    EXPECT_EQ(s.transform, (InputTransform{1, 1, 45}));
    ui.frame([&] { drawSourcesPanel(s, &sg3); });
    ui.press({"sources"}, "Reset transform");
    ui.frame([&] { drawSourcesPanel(s, &sg3); });
    EXPECT_EQ(s.transform, InputTransform{});
}

TEST(InputTransform, RecipesRestoreItAndRefuseItOnOtherFamilies) {
    const ModelFacts sg3 = transformableFacts();
    Recipe r;
    r.kind = RecipeKind::MixGrid;
    MixRequest m;
    m.rows = {Source{1, -1}};
    m.cols = {Source{2, -1}, Source{3, -1}};
    m.styles = {0, 1};
    m.transform = InputTransform{0.5, 0.0, -90.0};
    r.mix = m;
    TestPanels p;
    applyRecipe(r, sg3, p.targets(), "t.json");
    EXPECT_EQ(p.sources.transform, (InputTransform{0.5, 0.0, -90.0}));
    EXPECT_EQ(p.mix(sg3), m);
    // Without one, the restore goes back to identity.
    r.mix->transform.reset();
    applyRecipe(r, sg3, p.targets(), "t.json");
    EXPECT_EQ(p.sources.transform, InputTransform{});

    r.mix->transform = InputTransform{0.5, 0.0, 0.0};
    TestPanels q;
    try {
        applyRecipe(r, makeFacts(64), q.targets(), "t.json");
        FAIL() << "a transform on a StyleGAN2 model must be refused";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("mix.input_transform"), std::string::npos) << e.what();
    }
    EXPECT_EQ(q.sources.transform, InputTransform{}) << "a refused recipe changes nothing";
}

TEST(PaperFig3, ButtonAsksAndTheRecipeSetsSeedsBandsPsiAndNoise) {
    test::ImGuiHarness ui;
    const ModelFacts facts = makeFacts(64);   // 10 ws: coarse 0-3, middle 4-7, fine 8-9
    TestPanels p;
    ui.frame([&] { drawMixingPanel(p.mixing, p.sources, &facts); });
    ui.press({"mixing"}, "Paper's Fig. 3");
    ui.frame([&] { drawMixingPanel(p.mixing, p.sources, &facts); });
    EXPECT_TRUE(p.mixing.paper_fig3_requested);

    // What the app then applies (App::applyPaperFig3 goes through applyRecipe).
    p.sources.psi = 0.5;
    p.noise.mode = NoiseMode::Random;
    Recipe r;
    r.kind = RecipeKind::MixGrid;
    r.mix = paperFig3Request(facts);
    applyRecipe(r, facts, p.targets(), "the paper's Fig. 3");
    const MixRequest mix = p.mix(facts);
    EXPECT_EQ(p.sources.rows.spec, "888,829,1898,1733,1614,845");
    EXPECT_EQ(p.sources.cols.spec, "639,701,687,615,2268");
    ASSERT_EQ(mix.row_styles.size(), 6u);
    const std::vector<int> coarse{0, 1, 2, 3}, middle{4, 5, 6, 7}, fine{8, 9};
    EXPECT_EQ(mix.row_styles, (std::vector<std::vector<int>>{coarse, coarse, coarse, middle, middle, fine}));
    EXPECT_EQ(mix.truncation, (Truncation{1.0, -1}));
    EXPECT_EQ(mix.noise.mode, NoiseMode::Const);
}

}  // namespace
}  // namespace stylemix::gui
