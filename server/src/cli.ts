// placeholder
console.log('netpol-lens');
