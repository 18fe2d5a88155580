// The writer's common part: frame checks and the output set (paths and frame
// times are in animation_target.cpp).
// The formats are in webp_animation.cpp and gif_animation.cpp.
#include "model/io/animation_writer.h"

#include "model/io/animation_formats.h"
#include "model/io/atomic_file.h"
#include "model/io/image_convert.h"
#include "model/io/message_text.h"

#include <filesystem>
#include <stdexcept>

namespace stylemix {
namespace {

namespace fs = std::filesystem;

}  // namespace

AnimationWriter::AnimationWriter(const AnimationOutput& out) : out_(out) {
    const fs::path path(out.path);
    set_ = std::make_unique<OutputSet>(path.has_parent_path() ? path.parent_path().string() : std::string("."));
    name_ = path.filename().string();
    // Staged now, for every format: an unwritable folder is refused before the first frame is
    // rendered (the WebP encoder assembles in memory and adds its file only at finish()).
    set_->stage(name_);
}

AnimationWriter::~AnimationWriter() = default;   // set_ removes whatever was staged

void AnimationWriter::add(const Image& frame) {
    if (finished_) throw std::logic_error("AnimationWriter::add after finish");
    if (frame.width < 1 || frame.height < 1 || frame.channels < 1 || frame.channels > 4 ||
        frame.pixels.size() != static_cast<std::size_t>(frame.width) * frame.height * frame.channels)
        throw std::invalid_argument(displayPath(out_.path) + ": frame " + std::to_string(frames_) + " is not a valid image");
    if (frames_ == 0) {
        width_ = frame.width;
        height_ = frame.height;
    } else if (frame.width != width_ || frame.height != height_) {
        throw std::invalid_argument(displayPath(out_.path) + ": frame " + std::to_string(frames_) + " is " +
                                    std::to_string(frame.width) + "x" + std::to_string(frame.height) + ", frame 0 was " +
                                    std::to_string(width_) + "x" + std::to_string(height_));
    }
    addRgb(asRgb(frame), frames_);
    ++frames_;
}

void AnimationWriter::finish() {
    if (finished_) throw std::logic_error("AnimationWriter::finish called twice");
    if (frames_ == 0) throw std::invalid_argument(displayPath(out_.path) + ": an animation needs at least one frame");
    finished_ = true;
    finishInto(*set_, name_);
    if (!out_.recipe_json.empty() && out_.recipe_beside)
        set_->add(fs::path(animationRecipePath(name_)).filename().string(), out_.recipe_json + "\n");
    set_->commit();
}

std::unique_ptr<AnimationWriter> openAnimationWriter(const AnimationOutput& out) {
    checkAnimationTarget(out.path, !out.recipe_json.empty() && out.recipe_beside);
    checkAnimationRate(out.path, out.fps);
    return animationFormatOf(out.path) == AnimationFormat::WebP ? makeWebpWriter(out) : makeGifWriter(out);
}

}  // namespace stylemix
