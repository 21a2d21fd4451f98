// A query the server refuses (`level:abc`, `year:abcd`): its message shown
// beside the search box, tied to it for screen readers, the page kept.

const ID = 'q-error';

export function showBoxError(input, message) {
  let p = document.getElementById(ID);
  if (!p) {
    p = document.createElement('p');
    p.id = ID;
    p.className = 'box-error';
    p.setAttribute('role', 'alert');
    input.form?.after(p);
  }
  p.textContent = message;
  input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', ID);
}

export function clearBoxError(input) {
  document.getElementById(ID)?.remove();
  input.removeAttribute('aria-invalid');
  input.removeAttribute('aria-describedby');
}
