// Move-only owners of GL objects. Threading: create, use and destroy them on
// the thread that owns the GL context (the UI thread) only. Headers stay free
// of GL includes: names are plain unsigned ints.
#pragma once

#include "model/io/image_io.h"

#include <cstdint>
#include <string>

namespace stylemix::gui {

// A 2-D texture holding an 8-bit image (grey or RGB(A)). Re-uploading an
// image of the same size and format reuses the storage (glTexSubImage2D).
class Texture {
public:
    Texture() = default;
    ~Texture();
    Texture(Texture&& other) noexcept;
    Texture& operator=(Texture&& other) noexcept;
    Texture(const Texture&) = delete;
    Texture& operator=(const Texture&) = delete;

    // Returns true when the storage was (re)allocated (new size or format),
    // false when the pixels were replaced in place.
    bool upload(const Image& image);
    // Storage for a render target (RGBA8, contents undefined).
    void allocate(int width, int height);

    unsigned int id() const { return id_; }
    int width() const { return width_; }
    int height() const { return height_; }
    bool valid() const { return id_ != 0; }
    void* imguiId() const { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(id_)); }

private:
    void create();
    void reset();
    unsigned int id_ = 0;
    int width_ = 0, height_ = 0, channels_ = 0;
};

// A framebuffer with one RGBA8 colour texture, resized on demand.
class RenderTarget {
public:
    RenderTarget() = default;
    ~RenderTarget();
    RenderTarget(RenderTarget&& other) noexcept;
    RenderTarget& operator=(RenderTarget&& other) noexcept;
    RenderTarget(const RenderTarget&) = delete;
    RenderTarget& operator=(const RenderTarget&) = delete;

    // Creates the texture name now (so ImGui can reference it this frame).
    void ensureCreated();
    // (Re)allocates to the given size if it differs; keeps the texture name.
    void resize(int width, int height);
    void bind() const;   // as the draw framebuffer, with a matching viewport

    const Texture& texture() const { return texture_; }
    int width() const { return texture_.width(); }
    int height() const { return texture_.height(); }

private:
    void reset();
    unsigned int fbo_ = 0;
    Texture texture_;
};

// A linked vertex + fragment program.
class Program {
public:
    Program() = default;
    // Compiles and links; throws with the shader names and the GL info log.
    Program(const std::string& vertex_name, const std::string& vertex_source, const std::string& fragment_name,
            const std::string& fragment_source);
    ~Program();
    Program(Program&& other) noexcept;
    Program& operator=(Program&& other) noexcept;
    Program(const Program&) = delete;
    Program& operator=(const Program&) = delete;

    unsigned int id() const { return id_; }
    int uniform(const char* name) const;

private:
    unsigned int id_ = 0;
};

// An empty vertex array (GL core needs one bound to draw anything).
class VertexArray {
public:
    VertexArray() = default;
    ~VertexArray();
    VertexArray(VertexArray&& other) noexcept;
    VertexArray& operator=(VertexArray&& other) noexcept;
    VertexArray(const VertexArray&) = delete;
    VertexArray& operator=(const VertexArray&) = delete;

    void create();
    unsigned int id() const { return id_; }

private:
    unsigned int id_ = 0;
};

}  // namespace stylemix::gui
