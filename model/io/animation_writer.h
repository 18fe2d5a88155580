// Animated WebP (lossless, libwebp's WebPAnimEncoder) and GIF (giflib) files,
// written frame by frame: no frame is kept after add() returns (WebP keeps the
// compressed frames, as its encoder must; GIF streams them to the file). The
// file, with its recipe inside (WebP: a private "SMRC" chunk; GIF: a comment
// extension before the first frame) and beside as <stem>.json, appears only when
// finish() succeeds, as one OutputSet (atomic_file.h): a writer destroyed
// without finish() (an error, a cancel) leaves nothing behind. Output is a pure
// function of the frames, the frame rate and the recipe text. Torch-free.
#pragma once

#include "model/core/image.h"

#include <cstdint>
#include <memory>
#include <string>

namespace stylemix {

class OutputSet;

enum class AnimationFormat { WebP, Gif };
const char* animationFormatName(AnimationFormat format);   // "webp" | "gif"

// The format a path's extension names (.webp or .gif, any case). Throws
// std::invalid_argument naming the path and what is accepted.
AnimationFormat animationFormatOf(const std::string& path);
// The recipe's name beside an animation: "out.webp" -> "out.json".
std::string animationRecipePath(const std::string& path);
// Everything that can be refused before rendering: the extension, and the
// animation or its recipe being something other than a regular file or missing.
void checkAnimationTarget(const std::string& path, bool with_recipe);

// Frame rates an animation may have, and a GIF at most: GIF delays are whole
// hundredths of a second, and browsers slow delays under 2 to 10.
constexpr double kMinAnimationFps = 0.5;
constexpr double kMaxAnimationFps = 60;
constexpr double kMaxGifFps = 50;
// Throws std::invalid_argument naming the path when `fps` is out of range for its format.
void checkAnimationRate(const std::string& path, double fps);
// When frame i starts: WebP, in ms; GIF, in hundredths. Rounded from i / fps
// so the average rate is exact and no error accumulates.
std::int64_t frameStartMs(std::int64_t index, double fps);
std::int64_t frameStartCs(std::int64_t index, double fps);

struct AnimationOutput {
    std::string path;          // .webp or .gif
    double fps = 15;           // checkAnimationRate
    std::string recipe_json;   // embedded, and written beside unless empty or !recipe_beside
    bool recipe_beside = true;
};

class AnimationWriter {
public:
    virtual ~AnimationWriter();
    AnimationWriter(const AnimationWriter&) = delete;
    AnimationWriter& operator=(const AnimationWriter&) = delete;

    // One more frame: grey, RGB or RGBA (alpha ignored), 8-bit, every frame the size of the first.
    void add(const Image& frame);
    // Ends the file and puts it (and the recipe beside it) in place. Throws on
    // any failure, leaving nothing behind; call at most once.
    void finish();
    int frames() const { return frames_; }

protected:
    explicit AnimationWriter(const AnimationOutput& out);
    // Frame `index` as RGB, the size of the first.
    virtual void addRgb(const Image& rgb, int index) = 0;
    // Completes the animation as `name` in `set` (after `frames()` frames).
    virtual void finishInto(OutputSet& set, const std::string& name) = 0;

    const AnimationOutput out_;
    std::unique_ptr<OutputSet> set_;
    std::string name_;

private:
    int frames_ = 0;
    int width_ = 0, height_ = 0;
    bool finished_ = false;
};

// Checks the target (checkAnimationTarget) and the rate (checkAnimationRate), and opens a
// writer for the path's format. Throws naming the path or the value.
std::unique_ptr<AnimationWriter> openAnimationWriter(const AnimationOutput& out);

}  // namespace stylemix
