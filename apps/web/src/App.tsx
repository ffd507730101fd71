export function App() {
  return (
    <main>
      <h1>Parley</h1>
    </main>
  );
}
