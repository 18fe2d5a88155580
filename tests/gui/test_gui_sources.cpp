// The Sources panel typed into headlessly: SPEC and "add" drafts apply only
// when committed and valid, errors show in full, classes fit the model.
#include "imgui_harness.h"
#include "panel_fixture.h"

#include "gui/views/grid/grid_view.h"
#include "gui/widgets/labels.h"
#include "gui/request_builder.h"
#include "gui/panels/sources_panel.h"

#include <gtest/gtest.h>

#include <functional>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;
using test::makeFacts;

constexpr int kEnterKey = 257;   // any free KeysDown slot; GLFW's Enter, as the app maps it

class SourcesTest : public ::testing::Test {
protected:
    static constexpr float kSidebarWidth = 300.f;   // a narrow sidebar, like the explorer's default

    ImGuiHarness ui;
    SourcesState sources;
    MixingState mixing;
    NoiseState noise;
    LabState lab;
    ModelFacts facts = makeFacts(64);

    SourcesTest() { ImGui::GetIO().KeyMap[ImGuiKey_Enter] = kEnterKey; }

    void draw() {
        ui.frame([&] { drawSourcesPanel(sources, &facts); }, ImVec2(kSidebarWidth, 1400));
    }
    MixRequest request() const { return buildMixRequest({sources, mixing, noise, lab}, facts); }

    // Activates the item whose ID `id` computes (inside the harness's window).
    void activate(const std::function<ImGuiID()>& id) {
        ImGui::NewFrame();
        ImGui::Begin(ImGuiHarness::kWindow);
        ImGui::ActivateItem(id());
        GImGui->NavInputSource = ImGuiInputSource_Keyboard;   // text fields take nav activation from the keyboard
        ImGui::End();
        ImGui::Render();
        draw();
    }
    void activateField(const char* list, const char* field) {
        activate([&] {
            ImGui::PushID("sources");
            ImGui::PushID(list);
            const ImGuiID id = ImGui::GetID(field);
            ImGui::PopID();
            ImGui::PopID();
            return id;
        });
    }
    void activateClass(const char* list, int row) {
        activate([&] {
            ImGui::PushID("sources");
            ImGui::PushID(list);
            ImGui::PushOverrideID(ImGui::GetID("seeds"));   // BeginTable's ID scope
            ImGui::PushID(row);
            const ImGuiID id = ImGui::GetID("##class");
            for (int i = 0; i < 4; ++i) ImGui::PopID();
            return id;
        });
    }
    // One frame per character, like a person typing; replaces the field's text.
    void type(const std::string& text, const std::function<void()>& after_each = nullptr) {
        selectAll();
        for (char c : text) {
            ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
            draw();
            if (after_each) after_each();
        }
    }
    void selectAll() {
        ASSERT_NE(ImGui::GetActiveID(), 0u) << "no text field is active";
        ImGui::GetInputTextState(ImGui::GetActiveID())->SelectAll();
    }
    void pressEnter() {
        ImGui::GetIO().KeysDown[kEnterKey] = true;
        draw();
        ImGui::GetIO().KeysDown[kEnterKey] = false;
        draw();
    }
    void clickAway() {   // on the window's empty bottom: the active field loses focus
        ui.mouse(ImVec2(kSidebarWidth / 2, 1390), true);
        draw();
        ui.mouse(ImVec2(kSidebarWidth / 2, 1390), false);
        draw();
    }
    // The rightmost point anything in the panel reached last frame.
    static float contentRight() { return ImGui::FindWindowByName(ImGuiHarness::kWindow)->DC.CursorMaxPos.x; }
    static float panelRight() { return ImGui::FindWindowByName(ImGuiHarness::kWindow)->WorkRect.Max.x; }
};

// ---- Fault A: the SPEC field edits a draft ------------------------------------

TEST_F(SourcesTest, TypingABadSpecKeepsTheSeedsAndTheTypedText) {
    const auto before = sources.rows.seeds();
    draw();
    activateField("rows", "##spec");
    type("3,x,9-", [&] { EXPECT_EQ(sources.rows.seeds(), before) << "seeds replaced while typing"; });
    EXPECT_EQ(request().rows.size(), before.size());
    pressEnter();
    EXPECT_EQ(sources.rows.seeds(), before);
    EXPECT_EQ(sources.rows.spec, "3,x,9-");   // left as typed, for the user to fix
    EXPECT_NE(sources.rows.error.find("'x' is not a seed, a range A-B, a position X:Y or a W file"), std::string::npos)
        << sources.rows.error;
    EXPECT_EQ(ImGui::GetActiveID(), 0u);

    // Fixing it applies it.
    activateField("rows", "##spec");
    type("3,9");
    pressEnter();
    EXPECT_EQ(sources.rows.seeds(), (std::vector<std::uint64_t>{3, 9}));
    EXPECT_EQ(sources.rows.error, "");
}

TEST_F(SourcesTest, AValidSpecAppliesOnEnterOrFocusLossNotBefore) {
    draw();
    activateField("cols", "##spec");
    type("7-9");
    EXPECT_EQ(sources.cols.seeds(), (std::vector<std::uint64_t>{55, 821, 1789, 293}));
    pressEnter();
    EXPECT_EQ(sources.cols.seeds(), (std::vector<std::uint64_t>{7, 8, 9}));
    EXPECT_EQ(sources.cols.spec, "7-9");

    activateField("cols", "##spec");
    type("11,12");
    EXPECT_EQ(sources.cols.seeds(), (std::vector<std::uint64_t>{7, 8, 9}));
    clickAway();
    EXPECT_EQ(sources.cols.seeds(), (std::vector<std::uint64_t>{11, 12}));
}

TEST_F(SourcesTest, TheSpecErrorShowsInFullWithinTheSidebar) {
    draw();
    EXPECT_LE(contentRight(), panelRight() + 0.5f);   // the panel fits before any error
    activateField("rows", "##spec");
    type("3,x,9-");
    pressEnter();
    ASSERT_FALSE(sources.rows.error.empty());
    EXPECT_GT(ImGui::CalcTextSize(sources.rows.error.c_str()).x, kSidebarWidth);   // needs wrapping
    draw();
    EXPECT_LE(contentRight(), panelRight() + 0.5f) << "the error runs past the sidebar's edge";
}

TEST_F(SourcesTest, TheAddFieldAppliesOnlyAValidCommittedSpec) {
    const auto before = sources.rows.seeds();
    draw();
    activateField("rows", "##add");
    type("5,q");
    pressEnter();
    EXPECT_EQ(sources.rows.seeds(), before);
    EXPECT_EQ(sources.rows.add_text, "5,q");
    EXPECT_NE(sources.rows.add_error.find("'q' is not a seed, a range A-B, a position X:Y or a W file"), std::string::npos)
        << sources.rows.add_error;
    draw();
    EXPECT_LE(contentRight(), panelRight() + 0.5f) << "the error runs past the sidebar's edge";

    activateField("rows", "##add");
    type("5-6");
    EXPECT_EQ(sources.rows.seeds(), before);
    clickAway();
    auto expected = before;
    expected.insert(expected.end(), {5, 6});
    EXPECT_EQ(sources.rows.seeds(), expected);
    EXPECT_EQ(sources.rows.add_text, "");
    EXPECT_EQ(sources.rows.add_error, "");
}

// ---- Fault B: classes fit the model, visibly -----------------------------------

TEST_F(SourcesTest, AModelSwitchClampsClassesAndSaysWhich) {
    const ModelFacts four = makeFacts(64, 4), three = makeFacts(64, 3);
    EXPECT_TRUE(fitSourcesToModel(sources, four).empty());
    sources.rows.items[0].class_index = 3;
    sources.rows.items[1].class_index = 1;
    sources.cols.items[2].class_index = 3;
    const auto changes = fitSourcesToModel(sources, three);
    ASSERT_EQ(changes.size(), 2u);
    EXPECT_EQ(changes[0], "Row 0 (seed 85): class 3 \xE2\x86\x92 2, this model has 3 classes (0\xE2\x80\x93" "2)");
    EXPECT_EQ(changes[1], "Column 2 (seed 1789): class 3 \xE2\x86\x92 2, this model has 3 classes (0\xE2\x80\x93" "2)");
    EXPECT_EQ(sources.rows.items[0].class_index, 2);
    EXPECT_EQ(sources.rows.items[1].class_index, 1);
    EXPECT_EQ(sources.cols.items[2].class_index, 2);
    // What the panel shows is what the request (and so the recipe) carries.
    facts = three;
    const MixRequest mix = request();
    for (std::size_t i = 0; i < mix.rows.size(); ++i) {
        EXPECT_EQ(mix.rows[i].class_index, sources.rows.items[i].class_index) << i;
        EXPECT_EQ(mix.rows[i].class_index, effectiveClass(sources.rows.items[i], 3)) << i;
    }
    EXPECT_EQ(mix.cols[2].class_index, 2);
}

TEST_F(SourcesTest, AModelSwitchClampsTheCutoffAndSaysSo) {
    sources.use_cutoff = true;
    sources.cutoff = 14;
    const auto changes = fitSourcesToModel(sources, makeFacts(64));   // 10 ws
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_NE(changes[0].find("cutoff"), std::string::npos) << changes[0];
    EXPECT_NE(changes[0].find("14 \xE2\x86\x92 10"), std::string::npos) << changes[0];
    EXPECT_EQ(sources.cutoff, 10);
    EXPECT_TRUE(fitSourcesToModel(sources, makeFacts(64)).empty());
}

// Issue 22, fault 10: a transform set on a StyleGAN3-T model was carried,
// silently, to the next model. It is per-model state: reset on a switch, with
// a message; a Reload of the same weights keeps it.
TEST_F(SourcesTest, AModelSwitchResetsTheTransformAndSaysWhatItWas) {
    ModelFacts t_model = makeFacts(64), r_model = makeFacts(64);
    t_model.path = "/m/sg3-t.pkl";
    t_model.sha256 = "aa";
    r_model.path = "/m/sg3-r.pkl";
    r_model.sha256 = "bb";
    sources.transform = {0.25, 0, 30};
    EXPECT_TRUE(fitSourcesToModel(sources, t_model, &t_model).empty()) << "a Reload lost the transform";
    EXPECT_EQ(sources.transform, (InputTransform{0.25, 0, 30}));
    const auto changes = fitSourcesToModel(sources, r_model, &t_model);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_NE(changes[0].find("Input transform reset"), std::string::npos) << changes[0];
    EXPECT_NE(changes[0].find("x 0.25, y 0, 30"), std::string::npos) << changes[0];
    EXPECT_EQ(sources.transform, InputTransform{});
    EXPECT_TRUE(fitSourcesToModel(sources, t_model, &r_model).empty()) << "the identity needs no message";
}

TEST_F(SourcesTest, AnOutOfRangeClassIsRefusedWithTheRange) {
    facts = makeFacts(64, 4);
    sources.rows.items[0].class_index = 1;
    draw();
    activateClass("rows", 0);
    type("9");
    pressEnter();
    EXPECT_EQ(sources.rows.items[0].class_index, 1) << "an out-of-range class must not be snapped into range";
    EXPECT_NE(sources.rows.class_error.find("this model has 4 classes (0\xE2\x80\x93" "3)"), std::string::npos)
        << sources.rows.class_error;
    EXPECT_EQ(request().rows[0].class_index, 1);

    activateClass("rows", 0);
    type("2");
    pressEnter();
    EXPECT_EQ(sources.rows.items[0].class_index, 2);
    EXPECT_EQ(sources.rows.class_error, "");
}

TEST(SourceLabels, ShowTheClassOfConditionalSources) {
    EXPECT_EQ(sourceLabel("A", Source{85, -1}), "A 85");
    EXPECT_EQ(sourceLabel("B", Source{1789, 2}), "B 1789 \xC2\xB7 c2");
}

// The row labels' margin grows to hold the class; the grid is centred, so it
// moves right by half the extra width.
TEST(SourceLabels, TheGridLabelsRowsWithTheirClass) {
    ImGuiHarness ui;
    const test::Panels panels;
    auto gridLeft = [&](const ModelFacts& facts) {
        const MixRequest mix = panels.request(facts);
        GridViewState state;
        GridViewInput in;
        in.facts = &facts;
        in.request = &mix;
        CanvasFrame canvases = ui.canvases();
        ui.frame([&] { drawGridView(state, in, canvases); }, ImVec2(1200, 780));
        return state.canvas_min.x;
    };
    const float plain = gridLeft(makeFacts(64)), conditional = gridLeft(makeFacts(64, 4));
    const float extra = ImGui::CalcTextSize("A 1500 \xC2\xB7 c0").x - ImGui::CalcTextSize("A 1500").x;
    EXPECT_NEAR(conditional - plain, extra / 2, 1.f);
}

}  // namespace
}  // namespace stylemix::gui
