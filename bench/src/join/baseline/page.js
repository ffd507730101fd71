// The join benchmark's baseline client: getUserMedia, one RTCPeerConnection per peer, signaling over
// a plain WebSocket. The newcomer offers to everyone already there; they answer. Trickle ICE.

const room = new URLSearchParams(location.search).get('room');
const local = await navigator.mediaDevices.getUserMedia({
  audio: true,
  video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24, max: 30 } },
});
document.querySelector('video[data-local]').srcObject = local;
const button = document.querySelector('button');
button.disabled = false;

button.addEventListener('click', () => {
  button.disabled = true;
  const ws = new WebSocket(`ws://${location.host}/ws`);
  const send = (message) => ws.send(JSON.stringify(message));
  const links = new Map();

  const connect = (peer) => {
    const pc = new RTCPeerConnection();
    links.set(peer, pc);
    for (const track of local.getTracks()) pc.addTrack(track, local);
    pc.onicecandidate = ({ candidate }) => candidate && send({ to: peer, candidate });
    pc.ontrack = ({ track, streams }) => {
      if (track.kind !== 'video') return;
      const video = Object.assign(document.createElement('video'), { autoplay: true, muted: true });
      Object.assign(video.dataset, { peerId: peer, kind: 'camera' });
      video.srcObject = streams[0];
      document.body.append(video);
    };
    return pc;
  };

  const handle = async ({ peers, from, description, candidate }) => {
    if (peers) {
      for (const peer of peers) {
        const pc = connect(peer);
        await pc.setLocalDescription();
        send({ to: peer, description: pc.localDescription });
      }
    } else if (description) {
      const pc = links.get(from) ?? connect(from);
      await pc.setRemoteDescription(description);
      if (description.type === 'offer') {
        await pc.setLocalDescription();
        send({ to: from, description: pc.localDescription });
      }
    } else if (candidate) {
      await links.get(from)?.addIceCandidate(candidate);
    }
  };

  // One message at a time, in arrival order: a candidate never overtakes its description.
  let queue = Promise.resolve();
  ws.onmessage = ({ data }) => {
    queue = queue.then(() => handle(JSON.parse(data))).catch((error) => console.error(error));
  };
  ws.onopen = () => send({ join: room });
});
