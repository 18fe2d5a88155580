// The "animation" recipe's JSON (Recipe::animation):
//   "animation": {"kind": "noise" | "sweep" | "walk", "subject": {...}, "walk_to": SOURCE | null,
//                 "space": "w" | "z", "noise": {"mode", "seed", "strengths"}, "frames": N, "fps": F}
// walk_to is written for a walk only (null otherwise). The subject and noise
// objects are written and read by recipe.cpp's own helpers (the same as every
// other kind's); this file does the rest. Field ranges (frames, fps) are checked
// here; the rules that need the model in recipe_check.cpp (animation_check.h). Torch-free.
#pragma once

#include "model/core/animation_spec.h"
#include "model/core/recipe_fields.h"

#include <nlohmann/json.hpp>

#include <string>

namespace stylemix {

nlohmann::json animationToJson(const AnimationSpec& spec, nlohmann::json subject, nlohmann::json noise);
// `j` is the "animation" object (field paths in errors start at `path`);
// `subject` and `noise` were read from it by the caller.
AnimationSpec animationFromJson(const nlohmann::json& j, const RecipeFields& fields, const std::string& path, LabSubject subject,
                                NoiseSpec noise);

}  // namespace stylemix
