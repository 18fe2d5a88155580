// Issue 22, fault 10: a greyed control says why when hovered.
#include "imgui_harness.h"

#include "gui/widgets/disabled_reason.h"
#include "gui/panels/mixing_panel.h"

#include <gtest/gtest.h>

namespace stylemix::gui {
namespace {

using test::ImGuiHarness;

bool tooltipShown() {
    for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
        if ((w->Flags & ImGuiWindowFlags_Tooltip) && w->Active) return true;
    return false;
}

// A button, disabled or not, hovered: the reason shows only while disabled.
TEST(DisabledReason, AHoveredGreyedButtonSaysWhy) {
    ImGuiHarness ui;
    for (const bool disabled : {true, false}) {
        ImVec2 center;
        bool shown = false;
        const auto draw = [&] {
            ui.frame([&] {
                ImGui::Dummy(ImVec2(10, 40));
                ImGui::BeginDisabled(disabled);
                ImGui::Button("Fine");
                ImGui::EndDisabled();
                center = ImVec2((ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) / 2,
                                (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) / 2);
                shown = disabledReason(disabled, "why");
            });
        };
        draw();
        ui.mouse(center, false);
        draw();
        draw();
        EXPECT_EQ(shown, disabled) << "disabled " << disabled;
        EXPECT_EQ(tooltipShown(), disabled) << "disabled " << disabled;
        ui.mouse(ImVec2(-100, -100), false);
        draw();
    }
}

TEST(DisabledReason, PresetButtonsNameTheBandsTheModelHas) {
    ModelFacts facts = test::makeFacts(64);   // 10 ws
    facts.coarse = {0, 4};
    facts.middle = {4, 6};
    facts.fine = {6, 6};   // empty, as on a StyleGAN3 model with few ws
    EXPECT_EQ(presetTooltip(Band::Coarse, facts, false), "Coarse: ws 0-3");
    EXPECT_EQ(presetTooltip(Band::Fine, facts, false),
              "No Fine band on this model: its 10 ws divide into Coarse ws 0-3, Middle ws 4-5. "
              "Choose ws on the bar above for any other set.");
    EXPECT_NE(presetTooltip(Band::Coarse, facts, true).find("Per-row bands are on"), std::string::npos);
}

}  // namespace
}  // namespace stylemix::gui
