// Animated WebP through libwebp's WebPAnimEncoder, lossless: every frame
// decodes to exactly the pixels given. The recipe goes into a private chunk
// (kWebpRecipeChunk) added with WebPMux after the encoder assembles the file.
#include "model/io/animation_formats.h"

#include "model/io/atomic_file.h"
#include "model/io/message_text.h"

#include <webp/encode.h>
#include <webp/mux.h>

#include <stdexcept>

namespace stylemix {
namespace {

// libwebp's lossless preset: 0 fastest .. 9 smallest. 2 encodes a 1024² frame in
// about 0.2 s on one core, within a percent of preset 6's size (2.5x its speed).
constexpr int kLosslessLevel = 2;
// WebP's own limit on either side.
constexpr int kMaxWebpSide = 16383;

class WebpWriter final : public AnimationWriter {
public:
    explicit WebpWriter(const AnimationOutput& out) : AnimationWriter(out) {
        if (!WebPConfigInit(&config_) || !WebPConfigLosslessPreset(&config_, kLosslessLevel))
            throw std::runtime_error("libwebp: cannot set up a lossless configuration (version mismatch?)");
        config_.exact = 1;          // keep every pixel's RGB exactly
        config_.thread_level = 0;   // one thread: the same bytes on every machine
        if (!WebPValidateConfig(&config_)) throw std::runtime_error("libwebp: invalid lossless configuration");
    }
    ~WebpWriter() override {
        if (encoder_) WebPAnimEncoderDelete(encoder_);
    }

private:
    void addRgb(const Image& rgb, int index) override {
        if (!encoder_) open(rgb.width, rgb.height);
        WebPPicture picture;
        if (!WebPPictureInit(&picture)) throw std::runtime_error("libwebp: cannot initialise a picture");
        picture.use_argb = 1;
        picture.width = rgb.width;
        picture.height = rgb.height;
        const bool imported = WebPPictureImportRGB(&picture, rgb.pixels.data(), rgb.width * 3) != 0;
        const bool added = imported && WebPAnimEncoderAdd(encoder_, &picture, timestamp(index), &config_) != 0;
        WebPPictureFree(&picture);
        if (!added) fail("frame " + std::to_string(index));
    }

    void finishInto(OutputSet& set, const std::string& name) override {
        if (!WebPAnimEncoderAdd(encoder_, nullptr, timestamp(frames()), nullptr)) fail("the last frame's duration");
        WebPData assembled;
        WebPDataInit(&assembled);
        if (!WebPAnimEncoderAssemble(encoder_, &assembled)) fail("assembling the file");
        WebPData file;
        WebPDataInit(&file);
        const bool ok = withRecipe(assembled, file);
        WebPDataClear(&assembled);
        if (!ok) throw std::runtime_error(displayPath(out_.path) + ": libwebp could not add the recipe chunk");
        try {
            set.add(name, file.bytes, file.size);
        } catch (...) {
            WebPDataClear(&file);
            throw;
        }
        WebPDataClear(&file);
    }

    void open(int width, int height) {
        if (width > kMaxWebpSide || height > kMaxWebpSide)
            throw std::invalid_argument(displayPath(out_.path) + ": " + std::to_string(width) + "x" + std::to_string(height) +
                                        " frames are larger than WebP allows (" + std::to_string(kMaxWebpSide) + " a side)");
        WebPAnimEncoderOptions options;
        if (!WebPAnimEncoderOptionsInit(&options)) throw std::runtime_error("libwebp: cannot initialise the animation encoder");
        options.anim_params.loop_count = 0;   // loop forever
        options.allow_mixed = 0;              // lossless only
        options.minimize_size = 0;
        encoder_ = WebPAnimEncoderNew(width, height, &options);
        if (!encoder_) throw std::runtime_error(displayPath(out_.path) + ": libwebp cannot make an animation encoder");
    }

    // The assembled file with the recipe chunk added (none when there is no recipe).
    bool withRecipe(const WebPData& assembled, WebPData& file) const {
        WebPMux* mux = WebPMuxCreate(&assembled, /*copy_data=*/0);
        if (!mux) return false;
        bool ok = true;
        if (!out_.recipe_json.empty()) {
            WebPData chunk{reinterpret_cast<const uint8_t*>(out_.recipe_json.data()), out_.recipe_json.size()};
            ok = WebPMuxSetChunk(mux, kWebpRecipeChunk, &chunk, /*copy_data=*/1) == WEBP_MUX_OK;
        }
        ok = ok && WebPMuxAssemble(mux, &file) == WEBP_MUX_OK;
        WebPMuxDelete(mux);
        return ok;
    }

    int timestamp(int index) const { return static_cast<int>(frameStartMs(index, out_.fps)); }

    [[noreturn]] void fail(const std::string& what) const {
        const char* why = encoder_ ? WebPAnimEncoderGetError(encoder_) : nullptr;
        throw std::runtime_error(displayPath(out_.path) + ": libwebp failed at " + what + (why && *why ? std::string(": ") + why : ""));
    }

    WebPConfig config_;
    WebPAnimEncoder* encoder_ = nullptr;
};

}  // namespace

std::unique_ptr<AnimationWriter> makeWebpWriter(const AnimationOutput& out) { return std::make_unique<WebpWriter>(out); }

}  // namespace stylemix
