/**
 * Cameras, head poses, the canonical face model and the maps between views.
 *
 * <p>Conventions used everywhere in the project:
 * <ul>
 *   <li>Camera space follows OpenCV: x right, y down, z forward (away from the camera).</li>
 *   <li>Image coordinates are continuous: pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is
 *       at (i + 0.5, j + 0.5). MediaPipe's normalised landmarks times the image size are already in
 *       this convention.</li>
 *   <li>Intrinsics K = [[f,0,cx],[0,f,cy],[0,0,1]] with one focal length per video; the principal
 *       point is the image centre.</li>
 *   <li>Head-model coordinates are those of the canonical face model turned into the camera's axes
 *       (x right, y down, z into the face), in centimetres, so a frontal head has rotation I.</li>
 *   <li>A head pose T = [R|t] maps head-model coordinates to camera coordinates; the relative pose
 *       from canonical frame c to observed frame o is T_co = T_o · T_c⁻¹.</li>
 *   <li>Depth D(p) is camera-space z; back-projection is X = D(p) · K⁻¹ · [p, 1].</li>
 * </ul>
 */
package org.speech2lip.geometry;
