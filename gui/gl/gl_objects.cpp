#include "gui/gl/gl_objects.h"

#include <glad/gl.h>

#include <stdexcept>
#include <utility>

namespace stylemix::gui {

// ---- Texture ---------------------------------------------------------------

Texture::~Texture() { reset(); }

Texture::Texture(Texture&& other) noexcept
    : id_(std::exchange(other.id_, 0u)),
      width_(std::exchange(other.width_, 0)),
      height_(std::exchange(other.height_, 0)),
      channels_(std::exchange(other.channels_, 0)) {}

Texture& Texture::operator=(Texture&& other) noexcept {
    if (this != &other) {
        reset();
        id_ = std::exchange(other.id_, 0u);
        width_ = std::exchange(other.width_, 0);
        height_ = std::exchange(other.height_, 0);
        channels_ = std::exchange(other.channels_, 0);
    }
    return *this;
}

void Texture::reset() {
    if (id_ != 0) glDeleteTextures(1, &id_);
    id_ = 0;
    width_ = height_ = channels_ = 0;
}

void Texture::create() {
    if (id_ != 0) return;
    glGenTextures(1, &id_);
    glBindTexture(GL_TEXTURE_2D, id_);
    // Trilinear for minified tiles; the tile shader does nearest magnification by texelFetch.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

bool Texture::upload(const Image& image) {
    if (image.width <= 0 || image.height <= 0 || image.channels < 1 || image.channels > 4 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * image.channels)
        throw std::invalid_argument("Texture::upload: malformed image");
    static constexpr GLenum kFormats[] = {GL_RED, GL_RG, GL_RGB, GL_RGBA};
    static constexpr GLint kInternal[] = {GL_R8, GL_RG8, GL_RGB8, GL_RGBA8};
    const GLenum format = kFormats[image.channels - 1];
    create();
    glBindTexture(GL_TEXTURE_2D, id_);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);   // rows of 3-byte pixels are not 4-aligned
    const bool same_storage = image.width == width_ && image.height == height_ && image.channels == channels_;
    if (same_storage) {
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, image.width, image.height, format, GL_UNSIGNED_BYTE,
                        image.pixels.data());
    } else {
        glTexImage2D(GL_TEXTURE_2D, 0, kInternal[image.channels - 1], image.width, image.height, 0, format,
                     GL_UNSIGNED_BYTE, image.pixels.data());
        // Grey images read as grey in every shader (and in ImGui::Image).
        const GLint grey[4] = {GL_RED, GL_RED, GL_RED, GL_ONE};
        const GLint grey_alpha[4] = {GL_RED, GL_RED, GL_RED, GL_GREEN};
        const GLint normal[4] = {GL_RED, GL_GREEN, GL_BLUE, GL_ALPHA};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA,
                         image.channels == 1 ? grey : image.channels == 2 ? grey_alpha : normal);
        width_ = image.width;
        height_ = image.height;
        channels_ = image.channels;
    }
    glGenerateMipmap(GL_TEXTURE_2D);   // big models' tiles are shown smaller than they are
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    return !same_storage;
}

void Texture::allocate(int width, int height) {
    create();
    if (width == width_ && height == height_ && channels_ == 4) return;
    glBindTexture(GL_TEXTURE_2D, id_);
    // Render targets are shown 1:1, so they are sampled texel for texel.
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    width_ = width;
    height_ = height;
    channels_ = 4;
}

// ---- RenderTarget ----------------------------------------------------------

RenderTarget::~RenderTarget() { reset(); }

RenderTarget::RenderTarget(RenderTarget&& other) noexcept
    : fbo_(std::exchange(other.fbo_, 0u)), texture_(std::move(other.texture_)) {}

RenderTarget& RenderTarget::operator=(RenderTarget&& other) noexcept {
    if (this != &other) {
        reset();
        fbo_ = std::exchange(other.fbo_, 0u);
        texture_ = std::move(other.texture_);
    }
    return *this;
}

void RenderTarget::reset() {
    if (fbo_ != 0) glDeleteFramebuffers(1, &fbo_);
    fbo_ = 0;
}

void RenderTarget::ensureCreated() {
    if (fbo_ != 0) return;
    texture_.allocate(1, 1);
    glGenFramebuffers(1, &fbo_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_.id(), 0);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void RenderTarget::resize(int width, int height) {
    ensureCreated();
    texture_.allocate(width < 1 ? 1 : width, height < 1 ? 1 : height);
}

void RenderTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, texture_.width(), texture_.height());
}

// ---- Program ---------------------------------------------------------------

namespace {

GLuint compile(GLenum type, const std::string& name, const std::string& source) {
    const GLuint shader = glCreateShader(type);
    const char* text = source.c_str();
    glShaderSource(shader, 1, &text, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[2048] = {};
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        glDeleteShader(shader);
        throw std::runtime_error("shader " + name + " failed to compile: " + log);
    }
    return shader;
}

}  // namespace

Program::Program(const std::string& vertex_name, const std::string& vertex_source,
                 const std::string& fragment_name, const std::string& fragment_source) {
    const GLuint vs = compile(GL_VERTEX_SHADER, vertex_name, vertex_source);
    GLuint fs = 0;
    try {
        fs = compile(GL_FRAGMENT_SHADER, fragment_name, fragment_source);
    } catch (...) {
        glDeleteShader(vs);
        throw;
    }
    id_ = glCreateProgram();
    glAttachShader(id_, vs);
    glAttachShader(id_, fs);
    glLinkProgram(id_);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(id_, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048] = {};
        glGetProgramInfoLog(id_, sizeof log, nullptr, log);
        glDeleteProgram(id_);
        id_ = 0;
        throw std::runtime_error("program " + vertex_name + " + " + fragment_name + " failed to link: " + log);
    }
}

Program::~Program() {
    if (id_ != 0) glDeleteProgram(id_);
}

Program::Program(Program&& other) noexcept : id_(std::exchange(other.id_, 0u)) {}

Program& Program::operator=(Program&& other) noexcept {
    if (this != &other) {
        if (id_ != 0) glDeleteProgram(id_);
        id_ = std::exchange(other.id_, 0u);
    }
    return *this;
}

int Program::uniform(const char* name) const { return glGetUniformLocation(id_, name); }

// ---- VertexArray -----------------------------------------------------------

VertexArray::~VertexArray() {
    if (id_ != 0) glDeleteVertexArrays(1, &id_);
}

VertexArray::VertexArray(VertexArray&& other) noexcept : id_(std::exchange(other.id_, 0u)) {}

VertexArray& VertexArray::operator=(VertexArray&& other) noexcept {
    if (this != &other) {
        if (id_ != 0) glDeleteVertexArrays(1, &id_);
        id_ = std::exchange(other.id_, 0u);
    }
    return *this;
}

void VertexArray::create() {
    if (id_ == 0) glGenVertexArrays(1, &id_);
}

}  // namespace stylemix::gui
