// A rotary knob for a gain multiplier, drawn with ImDrawList (ImGui has none).
// 0 at the far left, x1 straight up, `max` at the far right: the left half is
// linear 0..1, the right half logarithmic 1..max. Drag up/down (Shift =
// fine); double-click resets. The mouse wheel turns a knob only while it is
// held or with Ctrl down; otherwise it scrolls the panel (kKnobWheelHint).
#pragma once

namespace stylemix::gui {

float knobToValue(float t, float max);        // t in [0, 1]
float valueToKnob(float value, float max);

// `caption` is drawn above the knob, the value (x1.00) and `note` (may be
// null) below, and `tooltip` (may be null) on hover. Caption and note wider
// than knobWidth() are elided with "\u2026": `tooltip` should then name them
// in full (with no tooltip the knob shows them itself). Returns true when the
// value changed.
bool Knob(const char* id, float* value, float max, float reset_value, const char* caption, const char* note,
          const char* tooltip);
// The width Knob() takes at the current font size.
float knobWidth();
// The line every knob tooltip ends with.
constexpr const char* kKnobWheelHint = "drag up/down (Shift: fine); wheel: hold the knob or Ctrl; double-click: reset";

}  // namespace stylemix::gui
