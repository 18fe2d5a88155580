#version 330 core
// One textured quad into an offscreen canvas, with no vertex buffer: the four
// corners of a triangle strip come from gl_VertexID.
// Canvas pixels run y-down from the top-left and map to GL rows bottom-up, so
// the canvas texture's first row is the top of the picture, the same as the
// images we upload; ImGui then shows it with the default uv (0,0)-(1,1).
uniform vec2 u_target;   // canvas size in pixels
uniform vec4 u_dst;      // destination rect x0, y0, x1, y1 in canvas pixels
uniform vec4 u_src;      // source rect u0, v0, u1, v1 (v = 0 is the image's top row)

out vec2 v_uv;
out vec2 v_local;        // 0..1 across the destination rect

void main() {
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
    vec2 pixel = mix(u_dst.xy, u_dst.zw, corner);
    v_uv = mix(u_src.xy, u_src.zw, corner);
    v_local = corner;
    gl_Position = vec4(pixel / u_target * 2.0 - 1.0, 0.0, 1.0);
}
