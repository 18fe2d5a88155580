// Text that does not fit its place is shortened (fitText, columnLabel), elided
// (knob captions) or wrapped (model panel), never run into its neighbours.
#include "imgui_harness.h"

#include "gui/widgets/knob.h"
#include "gui/widgets/labels.h"
#include "gui/panels/model_panel.h"
#include "gui/panels/noise_panel.h"

#include <gtest/gtest.h>

#include <string>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;
using test::makeFacts;

float textWidth(const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x; }
const std::string kEllipsis = "\xE2\x80\xA6";

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

TEST(FitText, UnchangedWhenItFitsNeverWiderWhenNot) {
    ImGuiHarness ui;
    ui.frame([] {
        const std::string text = "16x16/Conv0_up";
        EXPECT_EQ(fitText(text, textWidth(text)), text);
        EXPECT_EQ(fitText(text, 1000.f), text);
        for (float max = 0.f; max < textWidth(text); max += 3.f) {
            const std::string fitted = fitText(text, max);
            EXPECT_LE(textWidth(fitted), max) << fitted;
            if (!fitted.empty()) {
                EXPECT_TRUE(endsWith(fitted, kEllipsis)) << fitted;
                EXPECT_EQ(text.compare(0, fitted.size() - kEllipsis.size(), fitted, 0,
                                       fitted.size() - kEllipsis.size()), 0) << fitted;
            }
        }
        EXPECT_EQ(fitText(text, 0.f), "");
    });
}

TEST(FitText, CutsOnlyBetweenUtf8Characters) {
    ImGuiHarness ui;
    ui.frame([] {
        const std::string text = "A 85 \xC2\xB7 c2 \xC2\xB7 more";   // "·" is two bytes
        for (float max = 0.f; max < textWidth(text); max += 1.f) {
            const std::string fitted = fitText(text, max);
            if (fitted.empty()) continue;
            const std::string body = fitted.substr(0, fitted.size() - kEllipsis.size());
            ASSERT_FALSE(!body.empty() && static_cast<unsigned char>(body.back()) == 0xC2) << "cut inside '·'";
        }
    });
}

// The report: 'B 639B 701B 687' below x1 zoom. At 40 px tiles (2 px apart)
// every column label fits its own tile, so neighbours never touch.
TEST(GridLabels, ColumnLabelsAtFortyPixelTilesDoNotOverlap) {
    ImGuiHarness ui;
    ui.frame([] {
        const float tile = 40.f, gap = 2.f;
        const Source cols[] = {{639, -1}, {701, -1}, {687, -1}, {4294967295ull, 12}};
        float previous_end = -1e9f;
        for (int c = 0; c < 4; ++c) {
            const float x = c * (tile + gap);
            const std::string label = columnLabel(cols[c], tile);
            EXPECT_FALSE(label.empty());
            EXPECT_LE(textWidth(label), tile) << label;
            EXPECT_GT(x, previous_end) << label << " runs into the label before it";
            previous_end = x + textWidth(label);
        }
        EXPECT_EQ(columnLabel({639, -1}, 1000.f), "B 639");                   // room: the full label
        EXPECT_EQ(columnLabel({639, -1}, textWidth("639")), "639");           // tight: without "B "
        EXPECT_TRUE(endsWith(columnLabel({4294967295ull, 12}, tile), kEllipsis));   // tighter: elided
    });
}

// The report: StyleGAN1 knobs read 'x16/Conv0_6p16/Conv1'. The group frame
// names the resolution, and a caption or note wider than the knob is elided:
// nothing a knob draws leaves its own width.
TEST(KnobLabels, CaptionsDropTheResolutionAndStayInsideTheKnob) {
    EXPECT_EQ(knobCaption("16x16/Conv0_up"), "Conv0_up");
    EXPECT_EQ(knobCaption("b16.conv0"), "conv0");
    EXPECT_EQ(knobCaption("noise"), "noise");

    ImGuiHarness ui;
    ui.frame([] {
        float value = 1.f;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const int v0 = draw->VtxBuffer.Size;
        Knob("k", &value, 10.f, 1.f, "a_very_long_layer_caption", "0.000123456789 learned", nullptr);
        const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
        EXPECT_NEAR(max.x - min.x, knobWidth(), 0.5f);
        for (int i = v0; i < draw->VtxBuffer.Size; ++i) {
            ASSERT_GE(draw->VtxBuffer[i].pos.x, min.x - 1.f) << "vertex " << i;
            ASSERT_LE(draw->VtxBuffer[i].pos.x, max.x + 1.f) << "vertex " << i;
        }
    });
}

// The report: the model line cut after '...conditional,' and Model facts
// values cut at the panel's edge. In a narrow panel both wrap: nothing is
// laid out past the panel's right edge.
TEST(ModelPanelLabels, SummaryLineAndFactValuesWrapInANarrowPanel) {
    ImGuiHarness ui;
    ModelFacts facts = makeFacts(64, 10);   // conditional: the longest summary line
    facts.family_label = "StyleGAN1 (official TF)";
    facts.path = "/models/some/deeply/nested/folder/stylegan1_celebahq_conditional_1024x1024_final.pkl";
    ModelPanelState state;
    state.path = facts.path;
    const ModelPanelView view{&facts, false, 0.f, nullptr};
    for (int i = 0; i < 3; ++i)
        ui.frame(
            [&] {
                ImGui::PushID("model");
                ImGui::GetStateStorage()->SetInt(ImGui::GetID("Model facts"), 1);   // the facts open
                ImGui::PopID();
                drawModelPanel(state, view);
                const ImGuiWindow* window = ImGui::GetCurrentWindow();
                if (i == 2) {
                    EXPECT_LE(window->DC.CursorMaxPos.x, window->WorkRect.Max.x + 1.f)
                        << "something is laid out past the panel's edge";
                }
            },
            ImVec2(260, 780));
}

}  // namespace
}  // namespace stylemix::gui
