// An AnimationSpec (animation_spec.h) against a model: the limits and rules the
// engine, the "animation" recipe and `stylemix animate` share, each problem
// named by its field. Torch-free.
#pragma once

#include "model/core/animation_spec.h"
#include "model/core/model_description.h"
#include "model/io/animation_writer.h"   // kMinAnimationFps, kMaxAnimationFps

#include <optional>
#include <string>

namespace stylemix {

constexpr int kMaxAnimationFrames = 1000;

// A field of the spec ("frames", "subject.mix_with", "walk_to", ...) and what is wrong with it.
struct AnimationSpecProblem {
    std::string field;
    std::string what;
};

// The first problem of `spec` for `model`, or none:
//  - frames in 1..kMaxAnimationFrames, fps in kMinAnimationFps..kMaxAnimationFps;
//  - noise: the model has noise inputs; sweep: subject.mix_with (B) is set; walk: it is not,
//    and in z space both ends are seeds or integer positions;
//  - subject.styles are ws of the model; noise strengths one per noise layer in [0, 1000];
//    an input transform only for a model that has one.
std::optional<AnimationSpecProblem> animationSpecProblem(const AnimationSpec& spec, const ModelDescription& model);

// Throws std::invalid_argument "animation: <field> <what>" for the first problem.
void checkAnimationSpec(const AnimationSpec& spec, const ModelDescription& model);

}  // namespace stylemix
